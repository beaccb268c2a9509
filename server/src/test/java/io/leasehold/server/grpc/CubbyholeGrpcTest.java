package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CubbyholeDeleteRequest;
import io.leasehold.proto.v1.CubbyholeListRequest;
import io.leasehold.proto.v1.CubbyholeReadRequest;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CubbyholeService over gRPC, including the seed's use-limit sequence. */
class CubbyholeGrpcTest {
  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  private static Struct value(String v) {
    return Struct.newBuilder().putFields("value", Value.newBuilder().setStringValue(v).build())
        .build();
  }

  private String token(int numUses) {
    return leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("default").setNumUses(numUses).build()).getAuth().getClientToken();
  }

  // vault token create -policy=default -use-limit=2; lookup; write cubbyhole/token; read refused
  @Test
  void seedUseLimitSequence() {
    String t = token(2);
    assertThat(leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData()
        .getNumUses()).isEqualTo(1);
    leasehold.cubbyhole(t).write(CubbyholeWriteRequest.newBuilder().setPath("token")
        .setData(value("1234567890")).build());
    Refused.unauthenticated(() -> leasehold.cubbyhole(t).read(
        CubbyholeReadRequest.newBuilder().setPath("token").build()));
  }

  @Test
  void writeReadListDelete_andPrivacy() {
    String a = token(0);
    String b = token(0);
    leasehold.cubbyhole(a).write(CubbyholeWriteRequest.newBuilder().setPath("app/db")
        .setData(value("s3cret")).build());
    assertThat(leasehold.cubbyhole(a).read(CubbyholeReadRequest.newBuilder().setPath("app/db")
        .build()).getData()).isEqualTo(value("s3cret"));
    assertThat(leasehold.cubbyhole(a).list(CubbyholeListRequest.getDefaultInstance())
        .getKeysList()).containsExactly("app/");
    Refused.refused(Status.Code.NOT_FOUND, "no value found at cubbyhole/app/db", "NOT_FOUND",
        () -> leasehold.cubbyhole(b).read(CubbyholeReadRequest.newBuilder().setPath("app/db")
            .build()));
    leasehold.cubbyhole(a).delete(CubbyholeDeleteRequest.newBuilder().setPath("app/db").build());
    assertThat(leasehold.cubbyhole(a).list(CubbyholeListRequest.getDefaultInstance())
        .getKeysList()).isEmpty();
  }

  @Test
  void revokedTokensCubbyholeIsGone() {
    String a = token(0);
    leasehold.cubbyhole(a).write(CubbyholeWriteRequest.newBuilder().setPath("k")
        .setData(value("v")).build());
    leasehold.tokens(ROOT).revokeToken(RevokeTokenRequest.newBuilder().setToken(a).build());
    assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
    assertThat(leasehold.server().core().storage.scan(
        io.leasehold.server.storage.Keys.of("cubbyhole/"),
        io.leasehold.server.storage.Keys.prefixEnd(io.leasehold.server.storage.Keys.of(
            "cubbyhole/")), 10)).isEmpty();
  }

  @Test
  void refusals() {
    String a = token(0);
    Refused.invalid("missing data fields", "MISSING_DATA", () -> leasehold.cubbyhole(a).write(
        CubbyholeWriteRequest.newBuilder().setPath("k").build()));
    Refused.unauthenticated(() -> leasehold.cubbyhole("s.nope").read(
        CubbyholeReadRequest.newBuilder().setPath("k").build()));
  }
}
