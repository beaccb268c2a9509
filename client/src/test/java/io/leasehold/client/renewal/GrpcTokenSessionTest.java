package io.leasehold.client.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.RenewSelfRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.RevokeTokenResponse;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC session against a fake TokenService on the in-process transport. */
class GrpcTokenSessionTest {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);

  private final List<String> tokensSeen = new ArrayList<>();
  private final List<Long> deadlinesSeenMillis = new ArrayList<>();
  private final List<Object> requests = new ArrayList<>();
  private Server server;
  private ManagedChannel channel;
  private GrpcTokenSession session;
  private StatusRuntimeException refusal;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    ServerInterceptor recordHeaders = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        tokensSeen.add(headers.get(TOKEN));
        io.grpc.Deadline deadline = Context.current().getDeadline();
        deadlinesSeenMillis.add(deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS));
        return next.startCall(call, headers);
      }
    };
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new FakeTokenService(), recordHeaders))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    session = new GrpcTokenSession(channel, java.time.Duration.ofSeconds(7));
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void lookupSelf_sendsTheTokenAndADeadline_andReadsTheLease() {
    TokenLease lease = session.lookupSelf("hvs.secret");

    assertThat(tokensSeen).containsExactly("hvs.secret");
    assertThat(deadlinesSeenMillis.get(0)).isBetween(1L, 7000L);
    assertThat(lease.ttl()).isEqualTo(java.time.Duration.ofSeconds(1234));
    assertThat(lease.renewable()).isTrue();
    assertThat(lease.period()).isEqualTo(java.time.Duration.ofSeconds(3600));
    assertThat(lease.explicitMaxTtl()).isEqualTo(java.time.Duration.ofSeconds(7200));
  }

  @Test
  void renewSelf_sendsTheIncrementInSeconds_andReturnsTheGrantedLeaseAndWarnings() {
    TokenLease lease = session.renewSelf("hvs.a", java.time.Duration.ofMinutes(10));
    TokenLease serverChoice = session.renewSelf("hvs.b", java.time.Duration.ZERO);

    assertThat(requests).containsExactly(
        RenewSelfRequest.newBuilder().setIncrement(Duration.newBuilder().setSeconds(600)).build(),
        RenewSelfRequest.getDefaultInstance());
    assertThat(tokensSeen).containsExactly("hvs.a", "hvs.b");
    assertThat(deadlinesSeenMillis).allSatisfy(d -> assertThat(d).isBetween(1L, 7000L));
    assertThat(lease.ttl()).isEqualTo(java.time.Duration.ofSeconds(42));
    assertThat(lease.warnings()).containsExactly("TTL capped");
    assertThat(serverChoice.renewable()).isTrue();
  }

  @Test
  void refusals_comeBackAsStatus_classifiedByCodeAndReason() {
    refusal = FakeTokenServer.status(com.google.rpc.Code.FAILED_PRECONDITION, "MAX_TTL_REACHED",
        "past the max TTL, cannot renew");
    assertThatThrownBy(() -> session.renewSelf("hvs.a", java.time.Duration.ZERO))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(Failure.of(e)).isEqualTo(Failure.MAX_TTL_REACHED));

    refusal = FakeTokenServer.status(com.google.rpc.Code.UNAUTHENTICATED, "PERMISSION_DENIED",
        "permission denied");
    assertThatThrownBy(() -> session.revokeSelf("hvs.a"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(Failure.of(e)).isEqualTo(Failure.UNAUTHENTICATED));
  }

  @Test
  void batchToken_isNeverRenewable_whatever_theFlagSays() {
    refusal = null;
    batch = true;
    assertThat(session.lookupSelf("b.x").renewable()).isFalse();
    assertThat(session.renewSelf("b.x", java.time.Duration.ZERO).renewable()).isFalse();
  }

  @Test
  void tokenThatCannotBeAHeader_refusedLocally_withoutEchoingIt() {
    assertThatThrownBy(() -> session.lookupSelf("bad\ntoken"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getMessage()).doesNotContain("bad");
        });
    assertThat(tokensSeen).isEmpty();
  }

  private boolean batch;

  private final class FakeTokenService extends TokenServiceGrpc.TokenServiceImplBase {
    @Override
    public void lookupSelf(LookupSelfRequest request, StreamObserver<LookupTokenResponse> out) {
      if (refusal != null) {
        out.onError(refusal);
        return;
      }
      out.onNext(LookupTokenResponse.newBuilder().setData(TokenInfo.newBuilder()
          .setTtl(Duration.newBuilder().setSeconds(1234))
          .setRenewable(true)
          .setType(batch ? TokenType.TOKEN_TYPE_BATCH : TokenType.TOKEN_TYPE_SERVICE)
          .setPeriod(Duration.newBuilder().setSeconds(3600))
          .setExplicitMaxTtl(Duration.newBuilder().setSeconds(7200))).build());
      out.onCompleted();
    }

    @Override
    public void renewSelf(RenewSelfRequest request, StreamObserver<RenewTokenResponse> out) {
      requests.add(request);
      if (refusal != null) {
        out.onError(refusal);
        return;
      }
      out.onNext(RenewTokenResponse.newBuilder()
          .setAuth(TokenAuth.newBuilder()
              .setLeaseDuration(Duration.newBuilder().setSeconds(42))
              .setRenewable(true)
              .setTokenType(batch ? TokenType.TOKEN_TYPE_BATCH : TokenType.TOKEN_TYPE_SERVICE))
          .addWarnings("TTL capped").build());
      out.onCompleted();
    }

    @Override
    public void revokeSelf(RevokeSelfRequest request, StreamObserver<RevokeTokenResponse> out) {
      if (refusal != null) {
        out.onError(refusal);
        return;
      }
      out.onNext(RevokeTokenResponse.getDefaultInstance());
      out.onCompleted();
    }
  }
}
