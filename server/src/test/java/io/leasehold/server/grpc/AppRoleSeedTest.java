package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static io.leasehold.server.grpc.Refused.badToken;
import static io.leasehold.server.grpc.Refused.invalid;
import static io.leasehold.server.grpc.Refused.precondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleServiceGrpc.AppRoleServiceBlockingStub;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.ReadAuthTuneRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.DeleteAppRoleRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed walkthrough's AppRole and token-management steps over gRPC (in-process, fake clock):
 * the {@code jenkins} periodic role, the {@code shipping} batch role, the token mount's tune.
 */
class AppRoleSeedTest {
  private static final long HOUR = 3600;

  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  @AfterEach
  void storeStaysConsistent() {
    assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
  }

  static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  static StringList list(String... values) {
    return StringList.newBuilder().addAllValues(java.util.List.of(values)).build();
  }

  /** vault auth enable approle; then role-id, secret-id and login for {@code role}. */
  static TokenAuth loginAs(InProcessLeasehold leasehold, String role) {
    AppRoleServiceBlockingStub root = leasehold.appRole(ROOT);
    String roleId = root.readRoleId(ReadRoleIdRequest.newBuilder().setRoleName(role).build())
        .getRoleId();
    String secretId = root.generateSecretId(GenerateSecretIdRequest.newBuilder()
        .setRoleName(role).build()).getSecretId();
    return leasehold.appRole().login(AppRoleLoginRequest.newBuilder().setRoleId(roleId)
        .setSecretId(secretId).build()).getAuth();
  }

  static void enableApprole(InProcessLeasehold leasehold) {
    leasehold.sys(ROOT).enableAuth(EnableAuthRequest.newBuilder().setType("approle").build());
  }

  private TokenInfo lookup(String token) {
    return leasehold.tokens(ROOT).lookupToken(LookupTokenRequest.newBuilder().setToken(token)
        .build()).getData();
  }

  @Test
  void jenkins_periodicOrphanRenewableServiceToken() {
    enableApprole(leasehold);
    // vault write auth/approle/role/jenkins policies="jenkins" period="24h"
    leasehold.appRole(ROOT).writeRole(WriteAppRoleRequest.newBuilder().setRoleName("jenkins")
        .setPolicies(list("jenkins")).setPeriod(seconds(24 * HOUR)).build());

    TokenAuth auth = loginAs(leasehold, "jenkins");

    assertThat(auth.getClientToken()).startsWith("s.").hasSize(26);
    assertThat(auth.getAccessor()).hasSize(24);
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(24 * HOUR));
    assertThat(auth.getRenewable()).isTrue();
    assertThat(auth.getTokenPoliciesList()).containsExactly("default", "jenkins");
    assertThat(auth.getPoliciesList()).containsExactly("default", "jenkins");
    assertThat(auth.getIdentityPoliciesList()).isEmpty();
    assertThat(auth.getMetadataMap()).containsExactly(java.util.Map.entry("role_name", "jenkins"));
    assertThat(auth.getOrphan()).isTrue();
    assertThat(auth.getTokenType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);

    leasehold.clock().advanceSeconds(108);
    TokenInfo info = lookup(auth.getClientToken());
    assertThat(info.getOrphan()).isTrue();
    assertThat(info.getPath()).isEqualTo("auth/approle/login");
    assertThat(info.getPeriod()).isEqualTo(seconds(24 * HOUR));
    assertThat(info.getPoliciesList()).containsExactly("default", "jenkins");
    assertThat(info.getRenewable()).isTrue();
    assertThat(info.getTtl()).isEqualTo(seconds(24 * HOUR - 108)); // 23h58m12s
    assertThat(info.getType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);
    assertThat(info.getDisplayName()).isEqualTo("approle");
    assertThat(info.getMetaMap()).containsEntry("role_name", "jenkins");
  }

  @Test
  void jenkins_renewalReReadsTheRole() {
    enableApprole(leasehold);
    AppRoleServiceBlockingStub root = leasehold.appRole(ROOT);
    root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("jenkins")
        .setPolicies(list("jenkins")).setPeriod(seconds(24 * HOUR)).build());
    String token = loginAs(leasehold, "jenkins").getClientToken();

    root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("jenkins")
        .setTokenPeriod(seconds(2 * HOUR)).build());
    leasehold.clock().advanceSeconds(HOUR);
    assertThat(leasehold.tokens(ROOT).renewToken(RenewTokenRequest.newBuilder().setToken(token)
        .build()).getAuth().getLeaseDuration()).isEqualTo(seconds(2 * HOUR));

    root.deleteRole(DeleteAppRoleRequest.newBuilder().setRoleName("jenkins").build());
    precondition("role \"jenkins\" does not exist during renewal", "ROLE_NOT_FOUND",
        () -> leasehold.tokens(ROOT).renewToken(RenewTokenRequest.newBuilder().setToken(token)
            .build()));
  }

  @Test
  void shipping_batchTokenOf20Minutes() {
    enableApprole(leasehold);
    // vault write auth/approle/role/shipping policies="shipping" token_type="batch" token_ttl="20m"
    leasehold.appRole(ROOT).writeRole(WriteAppRoleRequest.newBuilder().setRoleName("shipping")
        .setPolicies(list("shipping")).setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH)
        .setTokenTtl(seconds(20 * 60)).build());
    long stored = leasehold.sys(ROOT).readTokenCounters(
        ReadTokenCountersRequest.getDefaultInstance()).getServiceTokensTotal();

    TokenAuth auth = loginAs(leasehold, "shipping");

    assertThat(auth.getClientToken()).startsWith("b.");
    assertThat(auth.getAccessor()).isEmpty();
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(20 * 60));
    assertThat(auth.getRenewable()).isFalse();
    assertThat(auth.getTokenPoliciesList()).containsExactly("default", "shipping");
    assertThat(auth.getMetadataMap()).containsExactly(java.util.Map.entry("role_name", "shipping"));
    assertThat(auth.getTokenType()).isEqualTo(TokenType.TOKEN_TYPE_BATCH);
    assertThat(auth.getOrphan()).isTrue();

    leasehold.clock().advanceSeconds(93);
    TokenInfo info = lookup(auth.getClientToken());
    assertThat(info.getType()).isEqualTo(TokenType.TOKEN_TYPE_BATCH);
    assertThat(info.getOrphan()).isTrue();
    assertThat(info.getPath()).isEqualTo("auth/approle/login");
    assertThat(info.getDisplayName()).isEqualTo("approle");
    assertThat(info.getRenewable()).isFalse();
    assertThat(info.getCreationTtl()).isEqualTo(seconds(20 * 60));
    assertThat(info.getTtl()).isEqualTo(seconds(20 * 60 - 93)); // 18m27s
    assertThat(info.getMetaMap()).containsEntry("role_name", "shipping");
    // Batch tokens are never stored, so never counted.
    assertThat(leasehold.sys(ROOT).readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(stored);

    leasehold.clock().advanceSeconds(20 * 60 - 93);
    badToken(() -> lookup(auth.getClientToken()));
  }

  @Test
  void tokenManagement_defaultTtlTuneAndCounters() {
    var sys = leasehold.sys(ROOT);
    var tokens = leasehold.tokens(ROOT);
    // vault token create -policy=default
    assertThat(tokens.createToken(CreateTokenRequest.newBuilder().addPolicies("default").build())
        .getAuth().getLeaseDuration()).isEqualTo(seconds(768 * HOUR));
    var before = sys.readAuthTune(ReadAuthTuneRequest.newBuilder().setPath("token").build());
    assertThat(before.getDefaultLeaseTtl()).isEqualTo(seconds(768 * HOUR));
    assertThat(before.getMaxLeaseTtl()).isEqualTo(seconds(768 * HOUR));
    assertThat(before.getDescription()).isEqualTo("token based credentials");
    assertThat(before.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE);

    // vault write sys/auth/token/tune default_lease_ttl=8h max_lease_ttl=720h
    sys.tuneAuth(TuneAuthRequest.newBuilder().setPath("token").setDefaultLeaseTtl(seconds(8 * HOUR))
        .setMaxLeaseTtl(seconds(720 * HOUR)).build());
    var after = sys.readAuthTune(ReadAuthTuneRequest.newBuilder().setPath("token").build());
    assertThat(after.getDefaultLeaseTtl()).isEqualTo(seconds(8 * HOUR));
    assertThat(after.getMaxLeaseTtl()).isEqualTo(seconds(720 * HOUR));
    assertThat(tokens.createToken(CreateTokenRequest.newBuilder().addPolicies("default").build())
        .getAuth().getLeaseDuration()).isEqualTo(seconds(8 * HOUR));

    // Counters: the root token and the two service tokens; batch tokens never.
    tokens.createToken(CreateTokenRequest.newBuilder().addPolicies("default")
        .setType(TokenType.TOKEN_TYPE_BATCH).build());
    assertThat(sys.readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(3);
  }

  @Test
  void tokenMount_refusesTokenTypeAndCannotBeDisabled() {
    var sys = leasehold.sys(ROOT);
    invalid("'token_type' cannot be set for 'token' or 'ns_token' auth mounts",
        "TOKEN_TYPE_NOT_ALLOWED", () -> sys.tuneAuth(TuneAuthRequest.newBuilder().setPath("token")
            .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH).build()));
    invalid("token credential backend cannot be disabled", "TOKEN_MOUNT_REQUIRED",
        () -> sys.disableAuth(io.leasehold.proto.v1.DisableAuthRequest.newBuilder()
            .setPath("token/").build()));
  }
}
