package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CubbyholeDeleteRequest;
import io.leasehold.proto.v1.CubbyholeListRequest;
import io.leasehold.proto.v1.CubbyholeReadRequest;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.WriteRoleRequest;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A token with only the {@code default} policy can look up, renew and revoke itself, ask its own
 * capabilities and use its cubbyhole, and nothing else: every other RPC is PERMISSION_DENIED.
 */
class DefaultPolicyEnforcementTest {
  private static final Set<String> ALLOWED =
      Set.of("LookupSelf", "RenewSelf", "RevokeSelf", "CapabilitiesSelf");

  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  private String defaultOnly() {
    return leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("default").build()).getAuth().getClientToken();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.leasehold.server.grpc.GrpcContractTest#authenticatedRpcs")
  void everyTokenAndSysRpc(String rpc, Function<GrpcContractTest.Stubs, Object> call) {
    // Things the calls may refer to, so that a denial is the ACL's and nothing else's.
    leasehold.tokens(ROOT).writeRole(WriteRoleRequest.newBuilder().setRoleName("zabbix").build());
    String token = defaultOnly();
    GrpcContractTest.Stubs stubs = GrpcContractTest.Stubs.of(leasehold, token);
    if (ALLOWED.contains(rpc)) {
      assertThat(call.apply(stubs)).isNotNull();
    } else {
      Refused.denied(() -> call.apply(stubs));
    }
  }

  @Test
  void itsOwnCubbyhole() {
    String token = defaultOnly();
    var cubby = leasehold.cubbyhole(token);
    Struct data = Struct.newBuilder()
        .putFields("value", Value.newBuilder().setStringValue("1234567890").build()).build();
    cubby.write(CubbyholeWriteRequest.newBuilder().setPath("token").setData(data).build());
    cubby.write(CubbyholeWriteRequest.newBuilder().setPath("token").setData(data).build());
    assertThat(cubby.read(CubbyholeReadRequest.newBuilder().setPath("token").build()).getData())
        .isEqualTo(data);
    assertThat(cubby.list(CubbyholeListRequest.getDefaultInstance()).getKeysList())
        .containsExactly("token");
    cubby.delete(CubbyholeDeleteRequest.newBuilder().setPath("token").build());
  }
}
