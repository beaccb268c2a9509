package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.WriteRoleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** allowed_parameters / denied_parameters / required_parameters on the RPCs that carry data. */
class ParameterEnforcementTest {
  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  private String tokenWith(String policyText) {
    leasehold.sys(ROOT).writePolicy(WritePolicyRequest.newBuilder().setName("limited")
        .setPolicy(policyText).build());
    return leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("limited").build()).getAuth().getClientToken();
  }

  @Test
  void tokenCreation_onlyWithAllowedValues() {
    String t = tokenWith("""
        path "auth/token/create" {
          capabilities = ["update"]
          allowed_parameters = {
            "policies" = ["limited"]
            "ttl" = []
          }
        }
        """);
    assertThat(leasehold.tokens(t).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("limited").setTtl(Duration.newBuilder().setSeconds(60)).build()).getAuth()
        .getPoliciesList()).containsExactly("default", "limited");
    Refused.denied(() -> leasehold.tokens(t).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("other").build()));
    Refused.denied(() -> leasehold.tokens(t).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("limited").setNumUses(3).build()));
  }

  @Test
  void requiredAndDeniedParameters() {
    String t = tokenWith("""
        path "auth/token/create" {
          capabilities = ["update"]
          required_parameters = ["ttl"]
          denied_parameters = {
            "no_default_policy" = []
          }
        }
        path "auth/token/roles/*" {
          capabilities = ["create", "update"]
          denied_parameters = {
            "orphan" = [true]
          }
        }
        """);
    Refused.denied(() -> leasehold.tokens(t).createToken(CreateTokenRequest.getDefaultInstance()));
    Refused.denied(() -> leasehold.tokens(t).createToken(CreateTokenRequest.newBuilder()
        .setTtl(Duration.newBuilder().setSeconds(60)).setNoDefaultPolicy(true).build()));
    assertThat(leasehold.tokens(t).createToken(CreateTokenRequest.newBuilder()
        .setTtl(Duration.newBuilder().setSeconds(60)).build()).getAuth().getLeaseDuration()
        .getSeconds()).isEqualTo(60);
    leasehold.tokens(t).writeRole(WriteRoleRequest.newBuilder().setRoleName("r")
        .setAllowedPolicies(StringList.newBuilder().addValues("x")).setOrphan(false).build());
    Refused.denied(() -> leasehold.tokens(t).writeRole(WriteRoleRequest.newBuilder()
        .setRoleName("r").setOrphan(true).build()));
  }

  @Test
  void cubbyholeWrite_deniedKey() {
    String t = tokenWith("""
        path "cubbyhole/*" {
          capabilities = ["create", "update", "read"]
          denied_parameters = {
            "password" = []
          }
        }
        """);
    Struct ok = Struct.newBuilder().putFields("user", Value.newBuilder().setStringValue("u")
        .build()).build();
    Struct bad = ok.toBuilder().putFields("password", Value.newBuilder().setStringValue("p")
        .build()).build();
    leasehold.cubbyhole(t).write(CubbyholeWriteRequest.newBuilder().setPath("a").setData(ok)
        .build());
    Refused.denied(() -> leasehold.cubbyhole(t).write(CubbyholeWriteRequest.newBuilder()
        .setPath("b").setData(bad).build()));
  }
}
