package io.leasehold.client.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.RevokeTokenResponse;
import io.leasehold.proto.v1.TokenServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server on a real port is away (connections dropped) long enough for a channel's reconnect
 * backoff to grow past 2 s, then comes back: a channel wrapped in {@link PromptReconnect} is
 * ready again right after its next call, where a plain one would wait for its timer.
 */
class PromptReconnectTest {
  private final List<Server> servers = new ArrayList<>();
  private ManagedChannel managed;

  @AfterEach
  void close() throws InterruptedException {
    if (managed != null) {
      managed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Server s : servers) {
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static Server serve(int port) throws IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(new TokenServiceGrpc.TokenServiceImplBase() {
          @Override
          public void revokeSelf(RevokeSelfRequest request,
              StreamObserver<RevokeTokenResponse> response) {
            response.onNext(RevokeTokenResponse.getDefaultInstance());
            response.onCompleted();
          }
        })
        .build().start();
  }

  private static void call(Channel channel) {
    TokenServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .revokeSelf(RevokeSelfRequest.getDefaultInstance());
  }

  private static Status.Code failure(Channel channel) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> call(channel));
    return e == null ? Status.Code.OK : e.getStatus().getCode();
  }

  /**
   * A port where connections are accepted and dropped at once, counting them: the channel's
   * connection attempts made visible.
   */
  private static final class Dropper implements AutoCloseable {
    final ServerSocket socket;
    final Semaphore attempts = new Semaphore(0);
    private final Thread thread;

    Dropper(int port) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      thread = new Thread(() -> {
        while (true) {
          try (Socket s = socket.accept()) {
            attempts.release();
          } catch (IOException e) {
            return;
          }
        }
      });
      thread.start();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(5_000);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void afterALongOutage_theChannelReconnectsAtTheNextCall() throws Exception {
    int port = freePort();
    managed = ManagedChannelBuilder.forTarget("127.0.0.1:" + port).usePlaintext().build();
    Channel wrapped = PromptReconnect.wrap(managed);

    try (Dropper down = new Dropper(port)) {
      assertThat(failure(wrapped)).isEqualTo(Status.Code.UNAVAILABLE);
      // Two more attempts on the channel's own timer (after ~1 s and ~1.6 s more): its next
      // would be at least 2 s away (2.56 s less 20 % jitter).
      assertThat(down.attempts.tryAcquire(3, 10, TimeUnit.SECONDS)).isTrue();
    }
    servers.add(serve(port));
    long back = System.nanoTime();

    failure(wrapped); // starts a connection attempt; may itself still fail
    while (managed.getState(false) != ConnectivityState.READY) {
      // A plain channel would wait for its timer, 2 s or more: this fails without the reset.
      assertThat(System.nanoTime() - back).as("ready again").isLessThan(1_000_000_000L);
      Thread.onSpinWait();
    }
    assertThat(failure(wrapped)).isEqualTo(Status.Code.OK);
  }
}
