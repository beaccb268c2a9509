package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.WritePolicyRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's batch-token steps over gRPC. */
class BatchTokenGrpcTest {
  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  // vault policy write test (no sudo); vault token create -type=batch -policy=test -ttl=20m
  private CreateTokenResponse seedBatchToken() {
    leasehold.sys(ROOT).writePolicy(WritePolicyRequest.newBuilder().setName("test").setPolicy(
        "path \"auth/token/create\" { capabilities = [\"create\", \"read\", \"update\","
            + " \"delete\", \"list\"] }").build());
    return leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .setType(TokenType.TOKEN_TYPE_BATCH).addPolicies("test")
        .setTtl(Duration.newBuilder().setSeconds(1200)).build());
  }

  @Test
  void seedSteps() {
    long counted = leasehold.sys(ROOT).readTokenCounters(ReadTokenCountersRequest
        .getDefaultInstance()).getServiceTokensTotal();
    CreateTokenResponse created = seedBatchToken();
    String b = created.getAuth().getClientToken();
    assertThat(b).startsWith("b.");
    assertThat(created.getAuth().getAccessor()).isEmpty();
    assertThat(created.getAuth().getTokenType()).isEqualTo(TokenType.TOKEN_TYPE_BATCH);
    assertThat(created.getAuth().getRenewable()).isFalse();
    assertThat(created.getAuth().getLeaseDuration().getSeconds()).isEqualTo(1200);
    assertThat(created.getAuth().getTokenPoliciesList()).containsExactly("default", "test");

    // VAULT_TOKEN=<batch> vault token lookup
    TokenInfo self = leasehold.tokens(b).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData();
    assertThat(self.getType()).isEqualTo(TokenType.TOKEN_TYPE_BATCH);
    assertThat(self.getAccessor()).isEmpty();
    assertThat(self.getRenewable()).isFalse();
    assertThat(self.getOrphan()).isFalse();
    assertThat(self.getPath()).isEqualTo("auth/token/create");
    assertThat(self.getCreationTtl().getSeconds()).isEqualTo(1200);
    assertThat(self.getPoliciesList()).containsExactly("default", "test");

    // VAULT_TOKEN=<batch> vault write cubbyhole/token value=1234567890
    Refused.invalid("cubbyhole operations are only supported by \"service\" type tokens",
        "SERVICE_TOKENS_ONLY", () -> leasehold.cubbyhole(b).write(CubbyholeWriteRequest
            .newBuilder().setPath("token").setData(Struct.newBuilder().putFields("value",
                Value.newBuilder().setStringValue("1234567890").build())).build()));
    // VAULT_TOKEN=<batch> vault token create -policy=default
    Refused.invalid("batch tokens cannot create more tokens", "BATCH_PARENT",
        () -> leasehold.tokens(b).createToken(CreateTokenRequest.newBuilder()
            .addPolicies("default").build()));
    // vault token revoke <batch>
    Refused.precondition("batch tokens cannot be revoked", "BATCH_NOT_REVOCABLE",
        () -> leasehold.tokens(ROOT).revokeToken(RevokeTokenRequest.newBuilder().setToken(b)
            .build()));
    Refused.precondition("batch tokens cannot be revoked", "BATCH_NOT_REVOCABLE",
        () -> leasehold.tokens(b).revokeSelf(RevokeSelfRequest.getDefaultInstance()));
    // Still works, and was never counted.
    assertThat(leasehold.tokens(b).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData()
        .getId()).isEqualTo(b);
    assertThat(leasehold.sys(ROOT).readTokenCounters(ReadTokenCountersRequest
        .getDefaultInstance()).getServiceTokensTotal()).isEqualTo(counted);
  }

  @Test
  void tamperedOrForeignBatchTokens_areJustInvalid() {
    String b = seedBatchToken().getAuth().getClientToken();
    char last = b.charAt(b.length() - 1);
    String flipped = b.substring(0, b.length() - 1) + (last == 'A' ? 'B' : 'A');
    for (String bad : new String[] {flipped, b.substring(0, b.length() - 3), b + "AA", "b.",
        "b.AAAA", "b.!!!"}) {
      Refused.unauthenticated(() -> leasehold.tokens(bad).lookupSelf(
          LookupSelfRequest.getDefaultInstance()));
    }
    leasehold.clock().advanceSeconds(1200);
    Refused.unauthenticated(() -> leasehold.tokens(b).lookupSelf(
        LookupSelfRequest.getDefaultInstance()));
  }
}
