package io.leasehold.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.LeaseholdServer;
import io.leasehold.server.time.FakeClock;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Races through the real transport: many clients at once against one use-limited token, and child
 * creation racing the parent's revocation. The calls are released together by a latch; nothing
 * sleeps.
 */
class ConcurrencyTest {
  private static final int CLIENTS = 50;
  private static final String ROOT = "root";

  /** Over real Netty sockets, or in-process with a real (multi-threaded) client executor. */
  enum Transport { NETTY, IN_PROCESS }

  private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
  private LeaseholdServer server;
  private ManagedChannel channel;

  private void start(Transport transport) throws Exception {
    FakeClock clock = new FakeClock(CoreFixture.START);
    LeaseholdServer.Builder b = LeaseholdServer.builder().devRootTokenId(ROOT).clock(clock)
        .scheduler(clock);
    if (transport == Transport.NETTY) {
      server = b.listenAddress(new InetSocketAddress("127.0.0.1", 0)).start();
      channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
          .executor(clients).build();
    } else {
      String name = "concurrency-" + UUID.randomUUID();
      server = b.serverBuilder(InProcessServerBuilder.forName(name)).start();
      channel = InProcessChannelBuilder.forName(name).executor(clients).build();
    }
  }

  @AfterEach
  void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
    clients.shutdownNow();
  }

  private TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    return TokenServiceGrpc.newBlockingStub(channel)
        .withInterceptors(InProcessLeasehold.withToken(token))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** Runs every task on its own thread, all released at the same moment; returns the futures. */
  private <T> List<Future<T>> together(List<Callable<T>> tasks) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(tasks.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(clients.submit(() -> {
        ready.countDown();
        go.await();
        return task.call();
      }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).as("all clients ready").isTrue();
    go.countDown();
    return futures;
  }

  /** What one LookupSelf gave: the uses left it saw, or the status code it failed with. */
  record Outcome(Long numUses, Status.Code code) {}

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fiftyConcurrentLookups_ofAFiveUseToken_succeedExactlyFiveTimes(Transport transport)
      throws Exception {
    start(transport);
    String token = tokens(ROOT).createToken(CreateTokenRequest.newBuilder().addPolicies("default")
        .setNumUses(5).build()).getAuth().getClientToken();

    List<Callable<Outcome>> calls = Collections.nCopies(CLIENTS, () -> {
      try {
        return new Outcome(tokens(token).lookupSelf(LookupSelfRequest.getDefaultInstance())
            .getData().getNumUses(), null);
      } catch (StatusRuntimeException e) {
        return new Outcome(null, e.getStatus().getCode());
      }
    });
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : together(calls)) {
      outcomes.add(f.get(30, TimeUnit.SECONDS));
    }

    List<Long> seen = outcomes.stream().filter(o -> o.numUses() != null).map(Outcome::numUses)
        .sorted().toList();
    assertThat(seen).as("uses left as seen by the successful calls")
        .containsExactly(-1L, 1L, 2L, 3L, 4L);
    assertThat(outcomes.stream().filter(o -> o.code() != null).map(Outcome::code))
        .hasSize(CLIENTS - 5)
        .containsOnly(Status.Code.UNAUTHENTICATED);

    Refused.badToken(() -> tokens(ROOT).lookupToken(LookupTokenRequest.newBuilder()
        .setToken(token).build()));
    assertThat(SysServiceGrpc.newBlockingStub(channel)
        .withInterceptors(InProcessLeasehold.withToken(ROOT))
        .readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(1);
    assertThat(StoreConsistency.violations(server.core())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void childrenCreatedWhileTheParentIsRevoked_neverOutliveIt(Transport transport)
      throws Exception {
    start(transport);
    server.core().policies.write("p", io.leasehold.server.CoreFixture.CREATOR_POLICY);
    String parent = tokens(ROOT).createToken(CreateTokenRequest.newBuilder().addPolicies("p")
        .build()).getAuth().getClientToken();

    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < CLIENTS - 1; i++) {
      calls.add(() -> {
        try {
          return tokens(parent).createToken(CreateTokenRequest.newBuilder().addPolicies("p")
              .build()).getAuth().getClientToken();
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).as(e.getStatus().toString())
              .isIn(Status.Code.UNAUTHENTICATED, Status.Code.INVALID_ARGUMENT);
          return null;
        }
      });
    }
    calls.add(() -> {
      tokens(ROOT).revokeToken(RevokeTokenRequest.newBuilder().setToken(parent).build());
      return null;
    });
    List<String> children = new ArrayList<>();
    for (Future<String> f : together(calls)) {
      String child = f.get(30, TimeUnit.SECONDS);
      if (child != null) {
        children.add(child);
      }
    }

    for (String child : children) {
      Refused.badToken(() -> tokens(ROOT).lookupToken(LookupTokenRequest.newBuilder()
          .setToken(child).build()));
    }
    assertThat(StoreConsistency.violations(server.core())).isEmpty();
    assertThat(SysServiceGrpc.newBlockingStub(channel)
        .withInterceptors(InProcessLeasehold.withToken(ROOT))
        .readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(1);
  }
}
