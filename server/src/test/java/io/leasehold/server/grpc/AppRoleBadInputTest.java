package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.AppRoleSeedTest.enableApprole;
import static io.leasehold.server.grpc.AppRoleSeedTest.list;
import static io.leasehold.server.grpc.AppRoleSeedTest.seconds;
import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static io.leasehold.server.grpc.Refused.invalid;
import static io.leasehold.server.grpc.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.grpc.Status;
import io.leasehold.proto.v1.AppRoleServiceGrpc.AppRoleServiceBlockingStub;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.ListAppRolesRequest;
import io.leasehold.proto.v1.ReadAppRoleRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.WriteAppRoleResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Refused AppRole input: each with Vault's text and a clear status, never INTERNAL. */
class AppRoleBadInputTest {
  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  private AppRoleServiceBlockingStub root;

  @BeforeEach
  void enable() {
    enableApprole(leasehold);
    root = leasehold.appRole(ROOT);
  }

  @AfterEach
  void nothingWasStored() {
    assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
  }

  private static Duration negative() {
    return Duration.newBuilder().setSeconds(-60).build();
  }

  /** Role writes refused with INVALID_ARGUMENT and this text. */
  static Stream<Arguments> refusedRoleWrites() {
    Map<String, UnaryOperator<WriteAppRoleRequest.Builder>> m = new LinkedHashMap<>();
    m.put("'token_ttl' cannot be negative", b -> b.setTokenTtl(negative()));
    m.put("'token_max_ttl' cannot be negative", b -> b.setTokenMaxTtl(negative()));
    m.put("'token_period' cannot be negative", b -> b.setTokenPeriod(negative()));
    m.put("'period' cannot be negative", b -> b.setPeriod(negative()));
    m.put("'token_explicit_max_ttl' cannot be negative", b -> b.setTokenExplicitMaxTtl(negative()));
    m.put("'token_num_uses' cannot be negative", b -> b.setTokenNumUses(-1));
    m.put("secret_id_ttl cannot be negative", b -> b.setSecretIdTtl(negative()));
    m.put("secret_id_num_uses cannot be negative", b -> b.setSecretIdNumUses(-2));
    m.put("'token_ttl' cannot be greater than 'token_max_ttl'",
        b -> b.setTokenTtl(seconds(7200)).setTokenMaxTtl(seconds(3600)));
    m.put("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens",
        b -> b.setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH)
            .setTokenPeriod(seconds(3600)));
    m.put("'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with"
        + " limited use count", b -> b.setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH)
            .setTokenNumUses(3));
    m.put("failed to validate CIDR blocks: invalid CIDR address: 10.0.0.0/33",
        b -> b.setSecretIdBoundCidrs(list("10.0.0.0/33")));
    m.put("failed to validate CIDR blocks: invalid CIDR address: not-an-ip",
        b -> b.setTokenBoundCidrs(list("127.0.0.1", "not-an-ip")));
    m.put("invalid 'token_type' value \"99\"", b -> b.setTokenTypeValue(99));
    m.put("at least one constraint should be enabled on the role", b -> b.setBindSecretId(false));
    m.put("period of \"800h\" is greater than the backend's maximum lease TTL of \"768h\"",
        b -> b.setPeriod(seconds(800 * 3600)));
    m.put("missing role_id", b -> b.setRoleId(" "));
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRoleWrites")
  void roleWrite_refused(String text, UnaryOperator<WriteAppRoleRequest.Builder> change) {
    invalid(text, "INVALID_APPROLE_FIELD", () -> root.writeRole(
        change.apply(WriteAppRoleRequest.newBuilder().setRoleName("app")).build()));
    assertThat(root.listRoles(ListAppRolesRequest.getDefaultInstance()).getKeysList()).isEmpty();
  }

  @Test
  void roleWrite_warningsAndTheDefaults() {
    WriteAppRoleResponse r = root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("App")
        .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE)
        .setTokenMaxTtl(seconds(800 * 3600)).build());
    assertThat(r.getWarningsList()).containsExactly(
        "default-service has no useful meaning; adjusting to service",
        "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max"
            + " TTL value will be truncated");
    var role = root.readRole(ReadAppRoleRequest.newBuilder().setRoleName("app").build()).getData();
    assertThat(role.getBindSecretId()).isTrue();
    assertThat(role.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_SERVICE);
    assertThat(role.getTokenMaxTtl()).isEqualTo(seconds(800 * 3600));
    assertThat(role.getTokenPoliciesList()).isEmpty();
    // local_secret_ids is create-only.
    invalid("local_secret_ids can only be modified during role creation", "INVALID_APPROLE_FIELD",
        () -> root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("app")
            .setLocalSecretIds(true).build()));
    // Legacy names show on read.
    root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("legacy")
        .setPolicies(list("a, b")).setPeriod(seconds(60)).build());
    var legacy = root.readRole(ReadAppRoleRequest.newBuilder().setRoleName("legacy").build())
        .getData();
    assertThat(legacy.getPoliciesList()).containsExactly("a", "b");
    assertThat(legacy.getTokenPoliciesList()).containsExactly("a", "b");
    assertThat(legacy.getPeriod()).isEqualTo(seconds(60));
    assertThat(legacy.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_UNSPECIFIED);
  }

  @Test
  void unknownRole_notFound() {
    refused(Status.Code.NOT_FOUND, "role \"nope\" does not exist", "ROLE_NOT_FOUND",
        () -> root.readRoleId(ReadRoleIdRequest.newBuilder().setRoleName("nope").build()));
    refused(Status.Code.NOT_FOUND, "role \"nope\" does not exist", "ROLE_NOT_FOUND",
        () -> root.generateSecretId(GenerateSecretIdRequest.newBuilder().setRoleName("nope")
            .build()));
    refused(Status.Code.NOT_FOUND,
        "no handler for route \"auth/elsewhere/role/x\". route entry not found.", "NO_HANDLER",
        () -> root.readRole(ReadAppRoleRequest.newBuilder().setMount("elsewhere")
            .setRoleName("x").build()));
    invalid("missing role_name", "MISSING_ROLE_NAME",
        () -> root.readRole(ReadAppRoleRequest.getDefaultInstance()));
  }

  /** Secret-ID generations refused with INVALID_ARGUMENT and this text. */
  static Stream<Arguments> refusedSecretIds() {
    Map<String, UnaryOperator<GenerateSecretIdRequest.Builder>> m = new LinkedHashMap<>();
    m.put("num_uses cannot be negative", b -> b.setNumUses(-1));
    m.put("num_uses cannot be higher than the role's secret_id_num_uses", b -> b.setNumUses(6));
    m.put("num_uses cannot be higher than the role's secret_id_num_uses", b -> b.setNumUses(0));
    m.put("ttl cannot be negative", b -> b.setTtl(negative()));
    m.put("ttl cannot be longer than the role's secret_id_ttl", b -> b.setTtl(seconds(3601)));
    m.put("failed to validate CIDR blocks: invalid CIDR address: 300.1.1.1",
        b -> b.setCidrList(list("300.1.1.1")));
    m.put("failed to verify the CIDR restrictions set on the secret ID: 10.0.0.0/8 is not"
        + " within the role's secret_id_bound_cidrs", b -> b.setCidrList(list("10.0.0.0/8")));
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSecretIds")
  void secretId_refused(String text, UnaryOperator<GenerateSecretIdRequest.Builder> change) {
    root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("app").setSecretIdNumUses(5)
        .setSecretIdTtl(seconds(3600)).setSecretIdBoundCidrs(list("10.1.0.0/16")).build());
    invalid(text, "INVALID_APPROLE_FIELD", () -> root.generateSecretId(
        change.apply(GenerateSecretIdRequest.newBuilder().setRoleName("app")).build()));
    // Narrower blocks, fewer uses and a shorter TTL are fine.
    assertThat(root.generateSecretId(GenerateSecretIdRequest.newBuilder().setRoleName("app")
        .setCidrList(list("10.1.2.0/24")).setNumUses(1).setTtl(seconds(60)).build())
        .getSecretIdNumUses()).isEqualTo(1);
  }

  @Test
  void secretId_refusedWithoutBindSecretId() {
    root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("open").setBindSecretId(false)
        .setSecretIdBoundCidrs(list("127.0.0.0/8")).build());
    invalid("bind_secret_id is not set on the role", "INVALID_APPROLE_FIELD",
        () -> root.generateSecretId(GenerateSecretIdRequest.newBuilder().setRoleName("open")
            .build()));
  }
}
