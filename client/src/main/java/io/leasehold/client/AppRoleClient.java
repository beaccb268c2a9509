package io.leasehold.client;

import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleLoginResponse;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.DeleteAppRoleRequest;
import io.leasehold.proto.v1.DestroySecretIdAccessorRequest;
import io.leasehold.proto.v1.DestroySecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdResponse;
import io.leasehold.proto.v1.ListAppRolesRequest;
import io.leasehold.proto.v1.ListSecretIdAccessorsRequest;
import io.leasehold.proto.v1.LookupSecretIdAccessorRequest;
import io.leasehold.proto.v1.LookupSecretIdRequest;
import io.leasehold.proto.v1.ReadAppRoleRequest;
import io.leasehold.proto.v1.ReadAppRoleResponse;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.SecretIdInfo;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.WriteAppRoleResponse;
import io.leasehold.proto.v1.WriteRoleIdRequest;
import java.util.List;

/**
 * The AppRole auth method ({@code auth/MOUNT/...}) through a {@link LeaseholdClient}: same token,
 * deadlines and error translation. Every call names its mount (e.g. {@code approle}); role names
 * are sent as given (the server lower-cases them).
 */
public final class AppRoleClient {
  private final LeaseholdClient client;

  AppRoleClient(LeaseholdClient client) {
    this.client = client;
  }

  /** auth/MOUNT/role/NAME (write); the request names mount and role. */
  public WriteAppRoleResponse writeRole(WriteAppRoleRequest request) {
    return call("WriteRole", s -> s.writeRole(request));
  }

  /** auth/MOUNT/role/NAME (read). */
  public ReadAppRoleResponse readRole(String mount, String role) {
    return call("ReadRole", s -> s.readRole(ReadAppRoleRequest.newBuilder().setMount(mount)
        .setRoleName(role).build()));
  }

  /** auth/MOUNT/role (list): role names, sorted. */
  public List<String> listRoles(String mount) {
    return call("ListRoles", s -> s.listRoles(ListAppRolesRequest.newBuilder().setMount(mount)
        .build())).getKeysList();
  }

  /** auth/MOUNT/role/NAME (delete), with its secret IDs. */
  public void deleteRole(String mount, String role) {
    call("DeleteRole", s -> s.deleteRole(DeleteAppRoleRequest.newBuilder().setMount(mount)
        .setRoleName(role).build()));
  }

  /** auth/MOUNT/role/NAME/role-id (read). */
  public String readRoleId(String mount, String role) {
    return call("ReadRoleId", s -> s.readRoleId(ReadRoleIdRequest.newBuilder().setMount(mount)
        .setRoleName(role).build())).getRoleId();
  }

  /** auth/MOUNT/role/NAME/role-id (write): a custom role ID. */
  public void writeRoleId(String mount, String role, String roleId) {
    call("WriteRoleId", s -> s.writeRoleId(WriteRoleIdRequest.newBuilder().setMount(mount)
        .setRoleName(role).setRoleId(roleId).build()));
  }

  /** auth/MOUNT/role/NAME/secret-id (write): a new secret ID and its accessor. */
  public GenerateSecretIdResponse generateSecretId(GenerateSecretIdRequest request) {
    return call("GenerateSecretId", s -> s.generateSecretId(request));
  }

  /** auth/MOUNT/role/NAME/secret-id (list): accessors of the live secret IDs. */
  public List<String> listSecretIdAccessors(String mount, String role) {
    return call("ListSecretIdAccessors", s -> s.listSecretIdAccessors(
        ListSecretIdAccessorsRequest.newBuilder().setMount(mount).setRoleName(role).build()))
        .getKeysList();
  }

  /** auth/MOUNT/role/NAME/secret-id/lookup. */
  public SecretIdInfo lookupSecretId(String mount, String role, String secretId) {
    return call("LookupSecretId", s -> s.lookupSecretId(LookupSecretIdRequest.newBuilder()
        .setMount(mount).setRoleName(role).setSecretId(secretId).build()));
  }

  /** auth/MOUNT/role/NAME/secret-id/destroy (an unknown secret ID is not an error). */
  public void destroySecretId(String mount, String role, String secretId) {
    call("DestroySecretId", s -> s.destroySecretId(DestroySecretIdRequest.newBuilder()
        .setMount(mount).setRoleName(role).setSecretId(secretId).build()));
  }

  /** auth/MOUNT/role/NAME/secret-id-accessor/lookup. */
  public SecretIdInfo lookupSecretIdAccessor(String mount, String role, String accessor) {
    return call("LookupSecretIdAccessor", s -> s.lookupSecretIdAccessor(
        LookupSecretIdAccessorRequest.newBuilder().setMount(mount).setRoleName(role)
            .setSecretIdAccessor(accessor).build()));
  }

  /** auth/MOUNT/role/NAME/secret-id-accessor/destroy. */
  public void destroySecretIdAccessor(String mount, String role, String accessor) {
    call("DestroySecretIdAccessor", s -> s.destroySecretIdAccessor(
        DestroySecretIdAccessorRequest.newBuilder().setMount(mount).setRoleName(role)
            .setSecretIdAccessor(accessor).build()));
  }

  /**
   * auth/MOUNT/login: a token for the role. The server ignores any caller token, so this works
   * from a client built with none.
   */
  public AppRoleLoginResponse login(String mount, String roleId, String secretId) {
    return call("Login", s -> s.login(AppRoleLoginRequest.newBuilder().setMount(mount)
        .setRoleId(roleId).setSecretId(secretId).build()));
  }

  private <R> R call(String rpc,
      java.util.function.Function<AppRoleServiceGrpc.AppRoleServiceBlockingStub, R> call) {
    return client.call("AppRoleService/" + rpc,
        AppRoleServiceGrpc.newBlockingStub(client.channel()), call);
  }
}
