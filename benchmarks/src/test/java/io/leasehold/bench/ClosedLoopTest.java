package io.leasehold.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The closed loop against fake health servers on loopback. The runs are ended by the server
 * (through {@link ClosedLoop#stop()}) after a fixed number of calls, so the counts are exact and
 * nothing depends on timing.
 */
class ClosedLoopTest {
  private static final Duration FOREVER = Duration.ofDays(3650);
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Holds every call until exactly {@code n} are pending, then answers them all: the loop makes
   * progress only if it really keeps n calls in flight, and would show more than n in the
   * server's count of pending calls if it kept more.
   */
  static final class GateHealth extends HealthGrpc.HealthImplBase {
    final int n;
    final int rounds;
    final AtomicReference<ClosedLoop> loop = new AtomicReference<>();
    final List<StreamObserver<HealthCheckResponse>> pending = new ArrayList<>();
    int maxPending;
    int released;
    int calls;

    GateHealth(int n, int rounds) {
      this.n = n;
      this.rounds = rounds;
    }

    @Override
    public synchronized void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
      calls++;
      pending.add(observer);
      maxPending = Math.max(maxPending, pending.size());
      if (pending.size() == n) {
        if (++released == rounds) {
          loop.get().stop(); // before answering: the completions see it and start nothing more
        }
        for (StreamObserver<HealthCheckResponse> o : pending) {
          o.onNext(HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
          o.onCompleted();
        }
        pending.clear();
      }
    }
  }

  @Test
  void keepsExactlyNCallsInFlight() throws Exception {
    int n = 16;
    int rounds = 200;
    GateHealth gate = new GateHealth(n, rounds);
    try (HealthOnlyServer server = HealthOnlyServer.start(gate);
        BenchClient client = new BenchClient("127.0.0.1", server.port(), 1)) {
      ClosedLoop loop = new ClosedLoop(new Operations.Health(client), n, true);
      gate.loop.set(loop);

      loop.start(FOREVER);
      PhaseResult result = loop.await(WAIT);

      assertThat(result.unfinishedSlots()).isZero();
      assertThat(result.ok()).isEqualTo((long) n * rounds);
      assertThat(result.errors()).isZero();
      assertThat(result.maxInFlight()).isEqualTo(n);
      assertThat(result.latency().count()).isEqualTo(result.ok());
      assertThat(result.latency().min()).isPositive();
      assertThat(result.latency().p50()).isLessThanOrEqualTo(result.latency().p99());
      assertThat(result.elapsedNanos()).isGreaterThanOrEqualTo(result.latency().max());
      synchronized (gate) {
        assertThat(gate.calls).isEqualTo(n * rounds);
        assertThat(gate.maxPending).isEqualTo(n);
        assertThat(gate.pending).isEmpty();
      }
    }
  }

  /** Fails every third call; stops the loop at the 3,000th. */
  static final class FlakyHealth extends HealthGrpc.HealthImplBase {
    final AtomicReference<ClosedLoop> loop = new AtomicReference<>();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
      long call = calls.incrementAndGet();
      if (call == 3_000) {
        loop.get().stop();
      }
      if (call % 3 == 0) {
        failed.incrementAndGet();
        observer.onError(Status.UNAVAILABLE.withDescription("flaky").asRuntimeException());
        return;
      }
      observer.onNext(HealthCheckResponse.getDefaultInstance());
      observer.onCompleted();
    }
  }

  @Test
  void countsEveryCallAndEveryErrorOnce() throws Exception {
    FlakyHealth flaky = new FlakyHealth();
    try (HealthOnlyServer server = HealthOnlyServer.start(flaky);
        BenchClient client = new BenchClient("127.0.0.1", server.port(), 2)) {
      ClosedLoop loop = new ClosedLoop(new Operations.Health(client), 8, true);
      flaky.loop.set(loop);

      loop.start(FOREVER);
      PhaseResult result = loop.await(WAIT);

      assertThat(result.unfinishedSlots()).isZero();
      assertThat(result.ok() + result.errors()).isEqualTo(flaky.calls.get());
      assertThat(flaky.calls.get()).isBetween(3_000L, 3_000L + 7);
      assertThat(result.errors()).isEqualTo(flaky.failed.get());
      assertThat(result.latency().count()).isEqualTo(result.ok());
      assertThat(result.maxInFlight()).isBetween(1, 8);
      assertThat(result.firstError()).isEqualTo("UNAVAILABLE: flaky");
    }
  }

  @Test
  void endsWhenTheOperationRunsOutOfWork() throws Exception {
    try (HealthOnlyServer server = HealthOnlyServer.start();
        BenchClient client = new BenchClient("127.0.0.1", server.port(), 1)) {
      Operation health = new Operations.Health(client);
      AtomicInteger left = new AtomicInteger(1_000);
      Operation pool =
          new Operation() {
            @Override
            public String name() {
              return "pool";
            }

            @Override
            public boolean start(int slot, StreamObserver<Object> observer) {
              return left.getAndDecrement() > 0 && health.start(slot, observer);
            }
          };

      PhaseResult result = ClosedLoop.run(pool, 16, FOREVER, true);

      assertThat(result.exhausted()).isTrue();
      assertThat(result.ok()).isEqualTo(1_000);
      assertThat(result.errors()).isZero();
      assertThat(result.latency().count()).isEqualTo(1_000);
      assertThat(result.maxInFlight()).isLessThanOrEqualTo(16);
    }
  }

  @Test
  void callsThatCompleteInsideStartLoopInsteadOfRecursing() throws Exception {
    AtomicReference<ClosedLoop> loopRef = new AtomicReference<>();
    AtomicInteger started = new AtomicInteger();
    RuntimeException failure = Status.INTERNAL.asRuntimeException();
    Operation synchronous =
        new Operation() {
          @Override
          public String name() {
            return "sync";
          }

          @Override
          public boolean start(int slot, StreamObserver<Object> observer) {
            int call = started.incrementAndGet();
            if (call == 100_000) { // far deeper than any stack if each completion recursed
              loopRef.get().stop();
            }
            if (call % 2 == 0) {
              observer.onError(failure);
            } else {
              observer.onCompleted();
            }
            return true;
          }
        };
    ClosedLoop loop = new ClosedLoop(synchronous, 1, false);
    loopRef.set(loop);

    loop.start(FOREVER);
    PhaseResult result = loop.await(WAIT);

    assertThat(result.ok()).isEqualTo(50_000);
    assertThat(result.errors()).isEqualTo(50_000);
    assertThat(result.maxInFlight()).isEqualTo(1);
    assertThat(result.latency().count()).isZero(); // a warm-up records nothing
  }
}
