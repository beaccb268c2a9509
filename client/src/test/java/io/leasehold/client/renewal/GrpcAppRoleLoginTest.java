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
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleLoginResponse;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AppRole login call against a fake AppRoleService on the in-process transport. */
class GrpcAppRoleLoginTest {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);

  private final List<AppRoleLoginRequest> requests = new ArrayList<>();
  private final List<String> tokensSeen = new ArrayList<>();
  private final List<Long> deadlinesMillis = new ArrayList<>();
  private TokenType issuedType = TokenType.TOKEN_TYPE_SERVICE;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    ServerInterceptor record = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        tokensSeen.add(headers.get(TOKEN));
        io.grpc.Deadline d = Context.current().getDeadline();
        deadlinesMillis.add(d == null ? -1 : d.timeRemaining(TimeUnit.MILLISECONDS));
        return next.startCall(call, headers);
      }
    };
    AppRoleServiceGrpc.AppRoleServiceImplBase fake = new AppRoleServiceGrpc.AppRoleServiceImplBase() {
      @Override
      public void login(AppRoleLoginRequest request, StreamObserver<AppRoleLoginResponse> out) {
        requests.add(request);
        if (!request.getSecretId().equals("good-secret")) {
          out.onError(Status.INVALID_ARGUMENT.withDescription("invalid role or secret ID").asRuntimeException());
          return;
        }
        out.onNext(AppRoleLoginResponse.newBuilder()
            .setAuth(TokenAuth.newBuilder()
                .setClientToken(issuedType == TokenType.TOKEN_TYPE_BATCH ? "b.blob" : "s.issued")
                .setLeaseDuration(Duration.newBuilder().setSeconds(1200))
                .setRenewable(issuedType != TokenType.TOKEN_TYPE_BATCH)
                .setTokenType(issuedType))
            .build());
        out.onCompleted();
      }
    };
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(fake, record)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void login_sendsRoleAndSecretToTheApproleMountWithoutATokenAndUnderADeadline() {
    Login login = new GrpcAppRoleLogin(channel, java.time.Duration.ofSeconds(7)).login("role-1", "good-secret");

    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.getMount()).isEqualTo("approle");
      assertThat(r.getRoleId()).isEqualTo("role-1");
      assertThat(r.getSecretId()).isEqualTo("good-secret");
    });
    assertThat(tokensSeen).containsExactly((String) null);
    assertThat(deadlinesMillis).singleElement().satisfies(ms -> assertThat(ms).isBetween(1L, 7_000L));
    assertThat(login.token()).isEqualTo("s.issued");
    assertThat(login.lease().ttl()).isEqualTo(java.time.Duration.ofMinutes(20));
    assertThat(login.lease().renewable()).isTrue();
    assertThat(login.revocable()).isTrue();
  }

  @Test
  void login_aBatchTokenIsNeitherRenewableNorRevocable() {
    issuedType = TokenType.TOKEN_TYPE_BATCH;

    Login login = new GrpcAppRoleLogin(channel, java.time.Duration.ofSeconds(7)).login("role-1", "good-secret");

    assertThat(login.token()).startsWith("b.");
    assertThat(login.lease().renewable()).isFalse();
    assertThat(login.revocable()).isFalse();
  }

  @Test
  void login_refusalSurfacesAsTheCallsStatus() {
    assertThatThrownBy(() -> new GrpcAppRoleLogin(channel, java.time.Duration.ofSeconds(7)).login("role-1", "bad"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("invalid role or secret ID");
        });
  }
}
