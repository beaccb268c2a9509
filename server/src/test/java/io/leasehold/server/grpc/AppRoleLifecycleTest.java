package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.AppRoleSeedTest.enableApprole;
import static io.leasehold.server.grpc.AppRoleSeedTest.list;
import static io.leasehold.server.grpc.AppRoleSeedTest.seconds;
import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static io.leasehold.server.grpc.Refused.badToken;
import static io.leasehold.server.grpc.Refused.denied;
import static io.leasehold.server.grpc.Refused.invalid;
import static io.leasehold.server.grpc.Refused.precondition;
import static io.leasehold.server.grpc.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleServiceGrpc.AppRoleServiceBlockingStub;
import io.leasehold.proto.v1.AuthMount;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.DestroySecretIdAccessorRequest;
import io.leasehold.proto.v1.DestroySecretIdRequest;
import io.leasehold.proto.v1.DisableAuthRequest;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdResponse;
import io.leasehold.proto.v1.ListAppRolesRequest;
import io.leasehold.proto.v1.ListAuthMountsRequest;
import io.leasehold.proto.v1.ListSecretIdAccessorsRequest;
import io.leasehold.proto.v1.LookupSecretIdAccessorRequest;
import io.leasehold.proto.v1.LookupSecretIdRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.ReadAppRoleRequest;
import io.leasehold.proto.v1.ReadAuthTuneRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.SecretIdInfo;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.WriteRoleIdRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AppRole over gRPC beyond the seed: secret-ID uses and expiry on the fake clock, secret-ID
 * management, mounts (enable, list, tune, disable revoking their tokens), CIDR binding and ACLs.
 */
class AppRoleLifecycleTest {
  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  private AppRoleServiceBlockingStub root;

  @BeforeEach
  void enable() {
    enableApprole(leasehold);
    root = leasehold.appRole(ROOT);
  }

  @AfterEach
  void storeStaysConsistent() {
    assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
  }

  private void writeRole(WriteAppRoleRequest.Builder r) {
    root.writeRole(r.build());
  }

  private String roleId(String role) {
    return root.readRoleId(ReadRoleIdRequest.newBuilder().setRoleName(role).build()).getRoleId();
  }

  private GenerateSecretIdResponse secret(GenerateSecretIdRequest.Builder r) {
    return root.generateSecretId(r.build());
  }

  private TokenAuth login(String roleId, String secretId) {
    return leasehold.appRole().login(AppRoleLoginRequest.newBuilder().setRoleId(roleId)
        .setSecretId(secretId).build()).getAuth();
  }

  private void invalidLogin(String roleId, String secretId) {
    invalid("invalid role or secret ID", "INVALID_CREDENTIALS", () -> login(roleId, secretId));
  }

  @Test
  void secretIdNumUses2_thirdLoginFails() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci").setSecretIdNumUses(2)
        .setTokenPolicies(list("ci")));
    String roleId = roleId("ci");
    GenerateSecretIdResponse s = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci"));
    assertThat(s.getSecretIdNumUses()).isEqualTo(2);

    assertThat(login(roleId, s.getSecretId()).getClientToken()).startsWith("s.");
    assertThat(root.lookupSecretId(LookupSecretIdRequest.newBuilder().setRoleName("ci")
        .setSecretId(s.getSecretId()).build()).getSecretIdNumUses()).isEqualTo(1);
    login(roleId, s.getSecretId());
    invalidLogin(roleId, s.getSecretId());
    assertThat(root.listSecretIdAccessors(ListSecretIdAccessorsRequest.newBuilder()
        .setRoleName("ci").build()).getKeysList()).isEmpty();
  }

  @Test
  void secretIdTtl_expiresOnTheFakeClock() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci").setSecretIdTtl(seconds(600)));
    String roleId = roleId("ci");
    GenerateSecretIdResponse s = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci")
        .setTtl(seconds(60)));
    assertThat(s.getSecretIdTtl()).isEqualTo(seconds(60));

    leasehold.clock().advanceSeconds(59);
    login(roleId, s.getSecretId());
    leasehold.clock().advanceSeconds(1);
    invalidLogin(roleId, s.getSecretId());
    refused(Status.Code.NOT_FOUND, "secret ID not found", "SECRET_ID_NOT_FOUND",
        () -> root.lookupSecretId(LookupSecretIdRequest.newBuilder().setRoleName("ci")
            .setSecretId(s.getSecretId()).build()));
    // The role's default applies when the request names none.
    assertThat(secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci")).getSecretIdTtl())
        .isEqualTo(seconds(600));
  }

  @Test
  void wrongRoleIdAndWrongSecretId_sameText() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci"));
    String secretId = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci"))
        .getSecretId();
    invalidLogin("not-a-role-id", secretId);
    invalidLogin(roleId("ci"), "not-a-secret-id");
    invalid("missing role_id", "INVALID_APPROLE_FIELD", () -> login("", secretId));
    invalid("missing secret_id", "INVALID_APPROLE_FIELD", () -> login(roleId("ci"), ""));
    // A caller token is ignored; even a garbage one does not stand in the way.
    assertThat(leasehold.appRole("s.garbage").login(AppRoleLoginRequest.newBuilder()
        .setRoleId(roleId("ci")).setSecretId(secretId).build()).getAuth().getClientToken())
        .startsWith("s.");
  }

  @Test
  void secretIdManagement_byValueAndByAccessor() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci"));
    GenerateSecretIdResponse a = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci")
        .putMetadata("host", "build-1"));
    GenerateSecretIdResponse b = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci"));
    assertThat(root.listSecretIdAccessors(ListSecretIdAccessorsRequest.newBuilder()
        .setRoleName("ci").build()).getKeysList())
        .containsExactlyInAnyOrder(a.getSecretIdAccessor(), b.getSecretIdAccessor());

    SecretIdInfo byValue = root.lookupSecretId(LookupSecretIdRequest.newBuilder()
        .setRoleName("ci").setSecretId(a.getSecretId()).build());
    assertThat(byValue.getSecretIdAccessor()).isEqualTo(a.getSecretIdAccessor());
    assertThat(byValue.getMetadataMap()).containsExactly(Map.entry("host", "build-1"));
    assertThat(byValue.hasExpirationTime()).isFalse();
    SecretIdInfo byAccessor = root.lookupSecretIdAccessor(LookupSecretIdAccessorRequest
        .newBuilder().setRoleName("ci").setSecretIdAccessor(a.getSecretIdAccessor()).build());
    assertThat(byAccessor).isEqualTo(byValue);

    // The secret ID's metadata travels into the token's, next to role_name.
    assertThat(login(roleId("ci"), a.getSecretId()).getMetadataMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("host", "build-1", "role_name", "ci"));

    root.destroySecretId(DestroySecretIdRequest.newBuilder().setRoleName("ci")
        .setSecretId(a.getSecretId()).build());
    invalidLogin(roleId("ci"), a.getSecretId());
    root.destroySecretIdAccessor(DestroySecretIdAccessorRequest.newBuilder().setRoleName("ci")
        .setSecretIdAccessor(b.getSecretIdAccessor()).build());
    invalidLogin(roleId("ci"), b.getSecretId());
    refused(Status.Code.NOT_FOUND, "failed to find accessor entry for secret_id_accessor: \""
        + b.getSecretIdAccessor() + "\"", "SECRET_ID_NOT_FOUND",
        () -> root.lookupSecretIdAccessor(LookupSecretIdAccessorRequest.newBuilder()
            .setRoleName("ci").setSecretIdAccessor(b.getSecretIdAccessor()).build()));
    // Destroying an unknown secret ID is not an error.
    root.destroySecretId(DestroySecretIdRequest.newBuilder().setRoleName("ci")
        .setSecretId(a.getSecretId()).build());
  }

  @Test
  void secretIdsAreNeverStoredInTheClear() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci"));
    GenerateSecretIdResponse s = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci"));
    var storage = leasehold.server().core().storage;
    List<String> stored = storage.scan(new byte[0], null, Integer.MAX_VALUE).stream()
        .map(kv -> new String(kv.key(), java.nio.charset.StandardCharsets.ISO_8859_1) + "="
            + new String(kv.value(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .toList();
    // The accessor is no secret and is stored; the secret ID itself never is.
    assertThat(String.join("\n", stored)).contains(s.getSecretIdAccessor())
        .doesNotContain(s.getSecretId());
  }

  @Test
  void roleIdSetAndDeleteRole() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci"));
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("other"));
    String secretId = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci"))
        .getSecretId();
    String old = roleId("ci");
    root.writeRoleId(WriteRoleIdRequest.newBuilder().setRoleName("ci").setRoleId("my-ci").build());
    assertThat(roleId("ci")).isEqualTo("my-ci");
    invalidLogin(old, secretId);
    login("my-ci", secretId);
    invalid("role_id already in use", "INVALID_APPROLE_FIELD", () -> root.writeRoleId(
        WriteRoleIdRequest.newBuilder().setRoleName("other").setRoleId("my-ci").build()));

    assertThat(root.listRoles(ListAppRolesRequest.getDefaultInstance()).getKeysList())
        .containsExactly("ci", "other");
    root.deleteRole(io.leasehold.proto.v1.DeleteAppRoleRequest.newBuilder().setRoleName("CI")
        .build());
    invalidLogin("my-ci", secretId);
    refused(Status.Code.NOT_FOUND, "role \"ci\" does not exist", "ROLE_NOT_FOUND",
        () -> root.readRole(ReadAppRoleRequest.newBuilder().setRoleName("ci").build()));
    // A role created again under the name starts without the old secret IDs.
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci").setRoleId("my-ci"));
    invalidLogin("my-ci", secretId);
  }

  @Test
  void disablingTheMountRevokesItsTokens() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("svc").setTokenPolicies(list("root2")));
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ship")
        .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH));
    TokenAuth service1 = AppRoleSeedTest.loginAs(leasehold, "svc");
    TokenAuth service2 = AppRoleSeedTest.loginAs(leasehold, "svc");
    TokenAuth batch = AppRoleSeedTest.loginAs(leasehold, "ship");
    String other = leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("default").build()).getAuth().getClientToken();

    assertThat(leasehold.sys(ROOT).disableAuth(DisableAuthRequest.newBuilder()
        .setPath("approle").build()).getRevoked()).isEqualTo(2);

    for (TokenAuth t : List.of(service1, service2, batch)) {
      badToken(() -> lookup(t.getClientToken()));
    }
    assertThat(lookup(other).getPath()).isEqualTo("auth/token/create");
    assertThat(mountPaths()).containsExactly("token/");
    refused(Status.Code.NOT_FOUND,
        "no handler for route \"auth/approle/login\". route entry not found.", "NO_HANDLER",
        () -> login(service1.getClientToken(), "x"));
    // Enabled again at the same path, it starts empty; the old batch token stays dead.
    enableApprole(leasehold);
    refused(Status.Code.NOT_FOUND, "role \"svc\" does not exist", "ROLE_NOT_FOUND",
        () -> root.readRoleId(ReadRoleIdRequest.newBuilder().setRoleName("svc").build()));
    badToken(() -> lookup(batch.getClientToken()));
    assertThat(leasehold.server().core().storage.scan(
        ("approle/").getBytes(), null, Integer.MAX_VALUE).stream()
        .filter(kv -> new String(kv.key()).startsWith("approle/")).toList()).isEmpty();
    // Disabling where nothing is mounted is no error.
    assertThat(leasehold.sys(ROOT).disableAuth(DisableAuthRequest.newBuilder()
        .setPath("nothing-here").build()).getRevoked()).isZero();
  }

  private io.leasehold.proto.v1.TokenInfo lookup(String token) {
    return leasehold.tokens(ROOT).lookupToken(LookupTokenRequest.newBuilder().setToken(token)
        .build()).getData();
  }

  private List<String> mountPaths() {
    return leasehold.sys(ROOT).listAuthMounts(ListAuthMountsRequest.getDefaultInstance())
        .getMountsList().stream().map(AuthMount::getPath).toList();
  }

  @Test
  void enable_listDetailedAndErrors() {
    var sys = leasehold.sys(ROOT);
    String accessor = sys.enableAuth(EnableAuthRequest.newBuilder().setType("approle")
        .setPath("ci/approle").setDescription("CI machines")
        .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH).build()).getAccessor();
    assertThat(accessor).matches("auth_approle_[0-9a-f]{8}");
    var mounts = sys.listAuthMounts(ListAuthMountsRequest.getDefaultInstance()).getMountsList();
    assertThat(mounts).extracting(AuthMount::getPath)
        .containsExactly("approle/", "ci/approle/", "token/");
    AuthMount ci = mounts.get(1);
    assertThat(ci.getType()).isEqualTo("approle");
    assertThat(ci.getAccessor()).isEqualTo(accessor);
    assertThat(ci.getDescription()).isEqualTo("CI machines");
    assertThat(ci.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH);
    assertThat(ci.getDefaultLeaseTtl()).isEqualTo(seconds(768 * 3600));
    assertThat(ci.getTunedDefaultLeaseTtl()).isEqualTo(seconds(0)); // "system"
    assertThat(mounts.get(2).getAccessor()).startsWith("auth_token_");

    invalid("path is already in use at approle/", "PATH_IN_USE", () -> sys.enableAuth(
        EnableAuthRequest.newBuilder().setType("approle").build()));
    invalid("path is already in use at token/", "PATH_IN_USE", () -> sys.enableAuth(
        EnableAuthRequest.newBuilder().setType("approle").setPath("token/x").build()));
    invalid("plugin not found in the catalog: kubernetes", "UNKNOWN_AUTH_TYPE",
        () -> sys.enableAuth(EnableAuthRequest.newBuilder().setType("kubernetes").build()));
    invalid("token credential backend cannot be instantiated", "TOKEN_MOUNT_UNIQUE",
        () -> sys.enableAuth(EnableAuthRequest.newBuilder().setType("token").setPath("t2")
            .build()));
    invalid("missing type", "MISSING_TYPE",
        () -> sys.enableAuth(EnableAuthRequest.newBuilder().setPath("x").build()));
    invalid("backend max lease TTL of 60 would be less than backend default lease TTL of 120",
        "INVALID_TTL", () -> sys.enableAuth(EnableAuthRequest.newBuilder().setType("approle")
            .setPath("x").setDefaultLeaseTtl(seconds(120)).setMaxLeaseTtl(seconds(60)).build()));
  }

  @Test
  void mountTune_governsLoginsAndRenewals() {
    var sys = leasehold.sys(ROOT);
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci").setTokenTtl(seconds(7200)));
    assertThat(AppRoleSeedTest.loginAs(leasehold, "ci").getLeaseDuration())
        .isEqualTo(seconds(7200));
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("plain"));
    assertThat(AppRoleSeedTest.loginAs(leasehold, "plain").getLeaseDuration())
        .isEqualTo(seconds(768 * 3600));

    sys.tuneAuth(TuneAuthRequest.newBuilder().setPath("approle/").setDefaultLeaseTtl(seconds(600))
        .setMaxLeaseTtl(seconds(3600)).setDescription("machines")
        .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH).build());
    var tune = sys.readAuthTune(ReadAuthTuneRequest.newBuilder().setPath("approle").build());
    assertThat(tune.getDefaultLeaseTtl()).isEqualTo(seconds(600));
    assertThat(tune.getMaxLeaseTtl()).isEqualTo(seconds(3600));
    assertThat(tune.getDescription()).isEqualTo("machines");
    assertThat(tune.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH);

    // default-batch: a role that does not say gets batch tokens; the mount max caps token_ttl.
    TokenAuth plain = AppRoleSeedTest.loginAs(leasehold, "plain");
    assertThat(plain.getTokenType()).isEqualTo(TokenType.TOKEN_TYPE_BATCH);
    assertThat(plain.getLeaseDuration()).isEqualTo(seconds(600));
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci")
        .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_SERVICE));
    var ci = leasehold.appRole().login(AppRoleLoginRequest.newBuilder().setRoleId(roleId("ci"))
        .setSecretId(secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci"))
            .getSecretId()).build());
    assertThat(ci.getAuth().getTokenType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);
    assertThat(ci.getAuth().getLeaseDuration()).isEqualTo(seconds(3600));
    assertThat(ci.getWarningsList()).containsExactly("TTL of \"2h\" exceeded the effective max_ttl"
        + " of \"1h\"; TTL value is capped accordingly");

    // Renewal: the mount's max counts from the token's issue time.
    leasehold.clock().advanceSeconds(3000);
    assertThat(leasehold.tokens(ROOT).renewToken(io.leasehold.proto.v1.RenewTokenRequest
        .newBuilder().setToken(ci.getAuth().getClientToken()).build()).getAuth()
        .getLeaseDuration()).isEqualTo(seconds(600));

    invalid("invalid value for 'token_type'", "INVALID_TOKEN_TYPE", () -> sys.tuneAuth(
        TuneAuthRequest.newBuilder().setPath("approle").setTokenTypeValue(42).build()));
    refused(Status.Code.NOT_FOUND, "no auth mount at \"nope/\"", "MOUNT_NOT_FOUND",
        () -> sys.tuneAuth(TuneAuthRequest.newBuilder().setPath("nope")
            .setDescription("x").build()));
  }

  @Test
  void cidrBinding_inProcessClientsHaveNoAddress() {
    writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci")
        .setSecretIdBoundCidrs(list("10.0.0.0/8")));
    String secretId = secret(GenerateSecretIdRequest.newBuilder().setRoleName("ci"))
        .getSecretId();
    precondition("source address \"\" unauthorized through CIDR restrictions on the role",
        "SOURCE_ADDRESS_UNAUTHORIZED", () -> login(roleId("ci"), secretId));
  }

  @Test
  void management_goesThroughTheAcl() {
    leasehold.sys(ROOT).writePolicy(WritePolicyRequest.newBuilder().setName("approle-admin")
        .setPolicy("path \"auth/approle/role/ci*\" { capabilities = [\"create\", \"read\","
            + " \"update\"] }").build());
    String admin = leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("approle-admin").build()).getAuth().getClientToken();
    String nobody = leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("default").build()).getAuth().getClientToken();

    leasehold.appRole(admin).writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci").build());
    String roleId = leasehold.appRole(admin).readRoleId(ReadRoleIdRequest.newBuilder()
        .setRoleName("ci").build()).getRoleId();
    String secretId = leasehold.appRole(admin).generateSecretId(GenerateSecretIdRequest
        .newBuilder().setRoleName("ci").build()).getSecretId();
    login(roleId, secretId);

    denied(() -> leasehold.appRole(admin).writeRole(WriteAppRoleRequest.newBuilder()
        .setRoleName("prod").build()));
    denied(() -> leasehold.appRole(admin).listRoles(ListAppRolesRequest.getDefaultInstance()));
    denied(() -> leasehold.appRole(nobody).readRoleId(ReadRoleIdRequest.newBuilder()
        .setRoleName("ci").build()));
    denied(() -> leasehold.sys(admin).enableAuth(EnableAuthRequest.newBuilder()
        .setType("approle").setPath("mine").build()));
  }
}
