package io.leasehold.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseholdClientTest {
  private final List<Object> requests = new CopyOnWriteArrayList<>();
  private FakeLeasehold fake;

  /** Creates tokens, looks up "s.good", refuses everything else as the real server does. */
  private final class Tokens extends TokenServiceGrpc.TokenServiceImplBase {
    @Override
    public void createToken(CreateTokenRequest req, StreamObserver<CreateTokenResponse> out) {
      requests.add(req);
      out.onNext(CreateTokenResponse.newBuilder().setAuth(TokenAuth.newBuilder()
          .setClientToken("s.new").addAllPolicies(req.getPoliciesList())).build());
      out.onCompleted();
    }

    @Override
    public void lookupToken(LookupTokenRequest req, StreamObserver<LookupTokenResponse> out) {
      requests.add(req);
      if (req.getToken().equals("s.good")) {
        out.onNext(LookupTokenResponse.newBuilder()
            .setData(TokenInfo.newBuilder().setId("s.good")).build());
        out.onCompleted();
      } else {
        out.onError(FakeLeasehold.refusal(Code.PERMISSION_DENIED, "BAD_TOKEN", "bad token"));
      }
    }

    @Override
    public void lookupSelf(LookupSelfRequest req, StreamObserver<LookupTokenResponse> out) {
      out.onError(FakeLeasehold.refusal(Code.UNAUTHENTICATED, "TOKEN_INVALID",
          "permission denied"));
    }

    @Override
    public void renewToken(RenewTokenRequest req, StreamObserver<RenewTokenResponse> out) {
      requests.add(req);
      out.onNext(RenewTokenResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  @BeforeEach
  void start() throws Exception {
    fake = new FakeLeasehold(new Tokens());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void everyCall_carriesTheTokenAndAFreshDeadline() {
    LeaseholdClient client = new LeaseholdClient(fake.channel(), "s.caller", Duration.ofSeconds(7));

    client.createToken(CreateTokenRequest.newBuilder().addPolicies("default").build());
    client.lookupToken("s.good");

    assertThat(fake.calls()).extracting(FakeLeasehold.Call::method)
        .containsExactly("CreateToken", "LookupToken");
    for (FakeLeasehold.Call call : fake.calls()) {
      assertThat(call.token()).isEqualTo("s.caller");
      assertThat(call.deadline()).isNotNull();
      long left = call.deadline().timeRemaining(TimeUnit.MILLISECONDS);
      assertThat(left).isBetween(1L, 7_000L);
    }
  }

  @Test
  void noToken_sendsNoHeader() {
    LeaseholdClient client = new LeaseholdClient(fake.channel(), "", Duration.ofSeconds(5));
    client.lookupToken("s.good");
    assertThat(fake.calls().get(0).token()).isNull();
  }

  @Test
  void withToken_sameChannelOtherToken() {
    LeaseholdClient client = new LeaseholdClient(fake.channel(), "s.a", Duration.ofSeconds(5));
    try (LeaseholdClient other = client.withToken("s.b")) {
      other.lookupToken("s.good");
    }
    client.lookupToken("s.good"); // the shared channel is still open
    assertThat(fake.calls()).extracting(FakeLeasehold.Call::token).containsExactly("s.b", "s.a");
  }

  @Test
  void refusal_carriesCodeReasonMessageAndHttpCode() {
    LeaseholdClient client = new LeaseholdClient(fake.channel(), "s.a", Duration.ofSeconds(5));

    LeaseholdClientException e = catchThrowableOfType(LeaseholdClientException.class,
        () -> client.lookupToken("s.gone"));

    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.reason()).isEqualTo("BAD_TOKEN");
    assertThat(e.description()).isEqualTo("bad token");
    assertThat(e.rpc()).isEqualTo("TokenService/LookupToken");
    assertThat(e.fromServer()).isTrue();
    assertThat(e.httpCode()).isEqualTo(403);

    LeaseholdClientException self = catchThrowableOfType(LeaseholdClientException.class,
        client::lookupSelf);
    assertThat(self.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(self.reason()).isEqualTo("TOKEN_INVALID");
    assertThat(self.httpCode()).isEqualTo(403);
  }

  @Test
  void unimplementedOrUnreachable_noReason() {
    LeaseholdClient client = new LeaseholdClient(fake.channel(), "s.a", Duration.ofSeconds(5));
    LeaseholdClientException e = catchThrowableOfType(LeaseholdClientException.class,
        () -> client.listRoles());
    assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(e.fromServer()).isFalse();
    assertThat(e.reason()).isEmpty();
    assertThat(e.httpCode()).isEqualTo(500);
  }

  @Test
  void renew_incrementOptional() {
    LeaseholdClient client = new LeaseholdClient(fake.channel(), "s.a", Duration.ofSeconds(5));
    client.renewToken("s.t", null);
    client.renewToken("s.t", Duration.ofMinutes(1));
    assertThat(((RenewTokenRequest) requests.get(0)).hasIncrement()).isFalse();
    assertThat(((RenewTokenRequest) requests.get(1)).getIncrement().getSeconds()).isEqualTo(60);
  }

  @Test
  void httpCodes_matchVaults() {
    assertThat(http(Status.Code.INVALID_ARGUMENT)).isEqualTo(400);
    assertThat(http(Status.Code.FAILED_PRECONDITION)).isEqualTo(400);
    assertThat(http(Status.Code.NOT_FOUND)).isEqualTo(404);
    assertThat(http(Status.Code.UNAVAILABLE)).isEqualTo(503);
    assertThat(http(Status.Code.INTERNAL)).isEqualTo(500);
  }

  private static int http(Status.Code code) {
    return LeaseholdClientException.of("X/Y", code.toStatus().asRuntimeException()).httpCode();
  }
}
