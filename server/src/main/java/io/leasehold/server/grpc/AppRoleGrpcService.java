package io.leasehold.server.grpc;

import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.AppRole;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleLoginResponse;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.DeleteAppRoleRequest;
import io.leasehold.proto.v1.DeleteAppRoleResponse;
import io.leasehold.proto.v1.DestroySecretIdAccessorRequest;
import io.leasehold.proto.v1.DestroySecretIdRequest;
import io.leasehold.proto.v1.DestroySecretIdResponse;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdResponse;
import io.leasehold.proto.v1.ListAppRolesRequest;
import io.leasehold.proto.v1.ListAppRolesResponse;
import io.leasehold.proto.v1.ListSecretIdAccessorsRequest;
import io.leasehold.proto.v1.ListSecretIdAccessorsResponse;
import io.leasehold.proto.v1.LookupSecretIdAccessorRequest;
import io.leasehold.proto.v1.LookupSecretIdRequest;
import io.leasehold.proto.v1.ReadAppRoleRequest;
import io.leasehold.proto.v1.ReadAppRoleResponse;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.ReadRoleIdResponse;
import io.leasehold.proto.v1.SecretIdInfo;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.WriteAppRoleResponse;
import io.leasehold.proto.v1.WriteRoleIdRequest;
import io.leasehold.proto.v1.WriteRoleIdResponse;
import io.leasehold.server.core.auth.approle.AppRoleLogin;
import io.leasehold.server.core.auth.approle.AppRoleWrite;
import io.leasehold.server.core.auth.approle.AppRoles;
import io.leasehold.server.core.auth.approle.SecretIdRequest;
import io.leasehold.server.core.auth.approle.SecretIds;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.core.token.CreatedToken;
import io.leasehold.server.core.token.RoleStore;
import io.leasehold.server.internal.v1.StoredAppRole;
import io.leasehold.server.internal.v1.StoredSecretId;
import java.util.function.Supplier;

/** auth/approle/* over gRPC: translate, call the core, translate back. */
final class AppRoleGrpcService extends AppRoleServiceGrpc.AppRoleServiceImplBase {
  private final Unary unary;
  private final AppRoles roles;
  private final SecretIds secrets;
  private final AppRoleLogin login;

  AppRoleGrpcService(Unary unary, AppRoles roles, SecretIds secrets, AppRoleLogin login) {
    this.unary = unary;
    this.roles = roles;
    this.secrets = secrets;
    this.login = login;
  }

  @Override
  public void writeRole(WriteAppRoleRequest req, StreamObserver<WriteAppRoleResponse> out) {
    Supplier<Route> route = () -> Route.of(rolePath(req.getMount(), req.getRoleName(), ""),
            roles.exists(req.getMount(), req.getRoleName()) ? Operation.UPDATE : Operation.CREATE)
        .withParams(() -> ProtoConvert.params(req, "mount", "role_name"));
    unary.run(out, route, c -> WriteAppRoleResponse.newBuilder()
        .addAllWarnings(roles.write(write(req)).warnings()).build());
  }

  @Override
  public void readRole(ReadAppRoleRequest req, StreamObserver<ReadAppRoleResponse> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(), ""),
        Operation.READ), c -> {
          String name = RoleStore.normalizeName(req.getRoleName());
          StoredAppRole r = roles.read(req.getMount(), name)
              .orElseThrow(() -> AppRoles.noRole(name));
          return ReadAppRoleResponse.newBuilder().setData(view(r)).build();
        });
  }

  @Override
  public void listRoles(ListAppRolesRequest req, StreamObserver<ListAppRolesResponse> out) {
    unary.run(out, () -> Route.of(AppRoles.aclPrefix(req.getMount()) + "role", Operation.LIST),
        c -> ListAppRolesResponse.newBuilder().addAllKeys(roles.list(req.getMount())).build());
  }

  @Override
  public void deleteRole(DeleteAppRoleRequest req, StreamObserver<DeleteAppRoleResponse> out) {
    unary.runSlow(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(), ""),
        Operation.DELETE), c -> {
          roles.delete(req.getMount(), req.getRoleName());
          return DeleteAppRoleResponse.getDefaultInstance();
        });
  }

  @Override
  public void readRoleId(ReadRoleIdRequest req, StreamObserver<ReadRoleIdResponse> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(), "/role-id"),
        Operation.READ), c -> ReadRoleIdResponse.newBuilder()
            .setRoleId(roles.roleId(req.getMount(), req.getRoleName())).build());
  }

  @Override
  public void writeRoleId(WriteRoleIdRequest req, StreamObserver<WriteRoleIdResponse> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(), "/role-id"),
        Operation.UPDATE).withParams(() -> ProtoConvert.params(req, "mount", "role_name")), c -> {
          roles.setRoleId(req.getMount(), req.getRoleName(), req.getRoleId());
          return WriteRoleIdResponse.getDefaultInstance();
        });
  }

  @Override
  public void generateSecretId(GenerateSecretIdRequest req,
      StreamObserver<GenerateSecretIdResponse> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(), "/secret-id"),
        Operation.UPDATE).withParams(() -> ProtoConvert.params(req, "mount", "role_name")), c -> {
          SecretIds.Generated g = secrets.generate(new SecretIdRequest(req.getMount(),
              req.getRoleName(), req.getMetadataMap(),
              ProtoConvert.list(req.hasCidrList(), req.getCidrList()),
              ProtoConvert.list(req.hasTokenBoundCidrs(), req.getTokenBoundCidrs()),
              req.hasNumUses() ? req.getNumUses() : null,
              ProtoConvert.secondsOrNull(req.hasTtl(), req.getTtl(), "ttl")));
          return GenerateSecretIdResponse.newBuilder()
              .setSecretId(g.secretId())
              .setSecretIdAccessor(g.accessor())
              .setSecretIdTtl(ProtoConvert.duration(g.ttl()))
              .setSecretIdNumUses(g.numUses())
              .addAllWarnings(g.warnings())
              .build();
        });
  }

  @Override
  public void listSecretIdAccessors(ListSecretIdAccessorsRequest req,
      StreamObserver<ListSecretIdAccessorsResponse> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(), "/secret-id"),
        Operation.LIST), c -> ListSecretIdAccessorsResponse.newBuilder()
            .addAllKeys(secrets.accessors(req.getMount(), req.getRoleName())).build());
  }

  @Override
  public void lookupSecretId(LookupSecretIdRequest req, StreamObserver<SecretIdInfo> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(),
        "/secret-id/lookup"), Operation.UPDATE), c -> info(secrets.lookup(req.getMount(),
            req.getRoleName(), req.getSecretId())));
  }

  @Override
  public void destroySecretId(DestroySecretIdRequest req,
      StreamObserver<DestroySecretIdResponse> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(),
        "/secret-id/destroy"), Operation.UPDATE), c -> {
          secrets.destroy(req.getMount(), req.getRoleName(), req.getSecretId());
          return DestroySecretIdResponse.getDefaultInstance();
        });
  }

  @Override
  public void lookupSecretIdAccessor(LookupSecretIdAccessorRequest req,
      StreamObserver<SecretIdInfo> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(),
        "/secret-id-accessor/lookup"), Operation.UPDATE), c -> info(secrets.lookupAccessor(
            req.getMount(), req.getRoleName(), req.getSecretIdAccessor())));
  }

  @Override
  public void destroySecretIdAccessor(DestroySecretIdAccessorRequest req,
      StreamObserver<DestroySecretIdResponse> out) {
    unary.run(out, () -> Route.of(rolePath(req.getMount(), req.getRoleName(),
        "/secret-id-accessor/destroy"), Operation.UPDATE), c -> {
          secrets.destroyAccessor(req.getMount(), req.getRoleName(), req.getSecretIdAccessor());
          return DestroySecretIdResponse.getDefaultInstance();
        });
  }

  @Override
  public void login(AppRoleLoginRequest req, StreamObserver<AppRoleLoginResponse> out) {
    unary.runLogin(out, address -> {
      CreatedToken t = login.login(req.getMount(), req.getRoleId(), req.getSecretId(), address);
      return AppRoleLoginResponse.newBuilder()
          .setAuth(ProtoConvert.auth(t.tokenId(), t.entry(), t.entry().creationTtl()))
          .addAllWarnings(t.warnings())
          .build();
    });
  }

  private static String rolePath(String mount, String roleName, String suffix) {
    return AppRoles.aclPrefix(mount) + "role/" + RoleStore.normalizeName(roleName) + suffix;
  }

  private static AppRoleWrite write(WriteAppRoleRequest r) {
    return new AppRoleWrite(r.getMount(), r.getRoleName(),
        r.hasBindSecretId() ? r.getBindSecretId() : null,
        ProtoConvert.list(r.hasSecretIdBoundCidrs(), r.getSecretIdBoundCidrs()),
        ProtoConvert.list(r.hasBoundCidrList(), r.getBoundCidrList()),
        r.hasSecretIdNumUses() ? r.getSecretIdNumUses() : null,
        ProtoConvert.secondsOrNull(r.hasSecretIdTtl(), r.getSecretIdTtl(), "secret_id_ttl"),
        r.hasLocalSecretIds() ? r.getLocalSecretIds() : null,
        ProtoConvert.list(r.hasTokenPolicies(), r.getTokenPolicies()),
        ProtoConvert.list(r.hasPolicies(), r.getPolicies()),
        ProtoConvert.secondsOrNull(r.hasTokenTtl(), r.getTokenTtl(), "token_ttl"),
        ProtoConvert.secondsOrNull(r.hasTokenMaxTtl(), r.getTokenMaxTtl(), "token_max_ttl"),
        ProtoConvert.secondsOrNull(r.hasTokenPeriod(), r.getTokenPeriod(), "token_period"),
        ProtoConvert.secondsOrNull(r.hasPeriod(), r.getPeriod(), "period"),
        ProtoConvert.tokenTypeSetting(r.getTokenType(), r.getTokenTypeValue()),
        r.hasTokenNumUses() ? r.getTokenNumUses() : null,
        ProtoConvert.secondsOrNull(r.hasTokenExplicitMaxTtl(), r.getTokenExplicitMaxTtl(),
            "token_explicit_max_ttl"),
        r.hasTokenNoDefaultPolicy() ? r.getTokenNoDefaultPolicy() : null,
        ProtoConvert.list(r.hasTokenBoundCidrs(), r.getTokenBoundCidrs()),
        r.hasRoleId() ? r.getRoleId() : null);
  }

  private static AppRole view(StoredAppRole r) {
    AppRole.Builder b = AppRole.newBuilder()
        .setBindSecretId(r.getBindSecretId())
        .addAllSecretIdBoundCidrs(r.getSecretIdBoundCidrsList())
        .setSecretIdNumUses(r.getSecretIdNumUses())
        .setSecretIdTtl(ProtoConvert.duration(r.getSecretIdTtlSeconds()))
        .setLocalSecretIds(r.getLocalSecretIds())
        .addAllTokenBoundCidrs(r.getTokenBoundCidrsList())
        .setTokenExplicitMaxTtl(ProtoConvert.duration(r.getTokenExplicitMaxTtlSeconds()))
        .setTokenMaxTtl(ProtoConvert.duration(r.getTokenMaxTtlSeconds()))
        .setTokenNoDefaultPolicy(r.getTokenNoDefaultPolicy())
        .setTokenNumUses(r.getTokenNumUses())
        .setTokenPeriod(ProtoConvert.duration(r.getTokenPeriodSeconds()))
        .addAllTokenPolicies(r.getTokenPoliciesList())
        .setTokenTtl(ProtoConvert.duration(r.getTokenTtlSeconds()));
    if (!r.getTokenType().isEmpty()) {
      b.setTokenType(ProtoConvert.tokenTypeSetting(r.getTokenType()));
    }
    if (r.getLegacyPeriodSeconds() > 0) {
      b.setPeriod(ProtoConvert.duration(r.getLegacyPeriodSeconds()));
    }
    b.addAllPolicies(r.getLegacyPoliciesList());
    return b.build();
  }

  private static SecretIdInfo info(StoredSecretId s) {
    SecretIdInfo.Builder b = SecretIdInfo.newBuilder()
        .setSecretIdAccessor(s.getAccessor())
        .setSecretIdNumUses(s.getNumUses())
        .setSecretIdTtl(ProtoConvert.duration(s.getTtlSeconds()))
        .setCreationTime(ProtoConvert.timestamp(s.getCreationTimeMillis()))
        .setLastUpdatedTime(ProtoConvert.timestamp(s.getLastUpdatedTimeMillis()))
        .putAllMetadata(s.getMetadataMap())
        .addAllCidrList(s.getCidrListList())
        .addAllTokenBoundCidrs(s.getTokenBoundCidrsList());
    if (s.getExpirationTimeMillis() > 0) {
      b.setExpirationTime(ProtoConvert.timestamp(s.getExpirationTimeMillis()));
    }
    return b.build();
  }
}
