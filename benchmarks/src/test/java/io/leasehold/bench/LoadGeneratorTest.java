package io.leasehold.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command end to end, health only, against a plain grpc-java server (short, timed runs). */
class LoadGeneratorTest {

  static final class CountingHealth extends HealthGrpc.HealthImplBase {
    final AtomicLong calls = new AtomicLong();

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
      calls.incrementAndGet();
      observer.onNext(HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
      observer.onCompleted();
    }
  }

  @Test
  void healthAgainstATargetPrintsOneTablePerConcurrencyAndAccountsForEveryCall() throws Exception {
    CountingHealth health = new CountingHealth();
    try (HealthOnlyServer server = HealthOnlyServer.start(health)) {
      LoadGenerator generator = new LoadGenerator();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(generator).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

      int rc = cli.execute(
          "--target=127.0.0.1:" + server.port(), "--ops=health", "--concurrency=1,8",
          "--warmup=100ms", "--rewarm=50ms", "--duration=300ms");

      assertThat(rc).as(err.toString()).isZero();
      assertThat(generator.results()).hasSize(2);
      assertThat(generator.results()).extracting(PhaseResult::concurrency).containsExactly(1, 8);
      long clientCalls = 0;
      for (PhaseResult r : generator.results()) {
        assertThat(r.ok()).isPositive();
        assertThat(r.errors()).isZero();
        assertThat(r.maxInFlight()).isBetween(1, r.concurrency());
        assertThat(r.latency().count()).isEqualTo(r.ok());
        assertThat(r.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        clientCalls += r.ok();
      }
      // one warm-up at the highest concurrency, then one re-warm before each measured run
      assertThat(generator.warmups()).extracting(PhaseResult::concurrency).containsExactly(8, 1, 8);
      for (PhaseResult w : generator.warmups()) {
        assertThat(w.latency().count()).isZero();
        clientCalls += w.ok() + w.errors();
      }
      assertThat(health.calls.get()).isEqualTo(clientCalls);
      assertThat(out.toString())
          .contains("== 1 in flight ==", "== 8 in flight ==", "ops/s", "p99 ms", "p999 ms", "x health")
          .containsPattern("health +[0-9,]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +0 +1\\.00");
    }
  }

  @Test
  void roundsInterleaveTheBaselineWithEachOperationAndShowTheRangeOfRatios() throws Exception {
    try (FakeLeasehold fake = new FakeLeasehold()) {
      LoadGenerator generator = new LoadGenerator();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(generator).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

      int rc = cli.execute(
          "--target=127.0.0.1:" + fake.port(), "--token=" + FakeLeasehold.ROOT, "--ops=lookup-self",
          "--concurrency=2", "--rounds=3", "--warmup=50ms", "--rewarm=20ms", "--duration=100ms");

      assertThat(rc).as(out + "\n" + err).isZero();
      assertThat(generator.results())
          .extracting(PhaseResult::operation)
          .containsExactly("health", "lookup-self", "health", "lookup-self", "health", "lookup-self");
      assertThat(out.toString())
          .contains("3 round(s)", "(range over 3 rounds)")
          .containsPattern("health +[0-9,]+ .* 1\\.00 +\\(1\\.00-1\\.00\\)")
          .containsPattern("lookup-self +[0-9,]+ .* [0-9]+\\.[0-9]{2} +\\([0-9]+\\.[0-9]{2}-[0-9]+\\.[0-9]{2}\\)");
    }
  }

  @Test
  void refusesZeroRounds() {
    StringWriter err = new StringWriter();
    int rc = new CommandLine(new LoadGenerator())
        .setErr(new PrintWriter(err))
        .execute("--target=127.0.0.1:1", "--ops=health", "--rounds=0");
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("--rounds must be at least 1");
  }

  @Test
  void everyOperationAndTheTreeAgainstAFakeLeaseholdServer() throws Exception {
    try (FakeLeasehold fake = new FakeLeasehold()) {
      LoadGenerator generator = new LoadGenerator();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(generator).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

      int rc = cli.execute(
          "--target=127.0.0.1:" + fake.port(), "--token=" + FakeLeasehold.ROOT, "--concurrency=1,4",
          "--warmup=100ms", "--rewarm=50ms", "--duration=200ms", "--revoke-pool=300", "--renew-pool=16",
          "--tree-size=2000", "--side-concurrency=2");

      assertThat(rc).as(out + "\n" + err).isZero();
      assertThat(generator.results())
          .extracting(PhaseResult::operation)
          .containsExactly("health", "create", "lookup-self", "renew", "revoke",
              "health", "create", "lookup-self", "renew", "revoke");
      for (PhaseResult r : generator.results()) {
        assertThat(r.ok()).as(r.toString()).isPositive();
        assertThat(r.errors()).as(r.toString()).isZero();
        assertThat(r.firstError()).isNull();
        assertThat(r.maxInFlight()).isBetween(1, r.concurrency());
      }
      assertThat(fake.revokesOfUnknown.get()).as("each pooled token is revoked once").isZero();
      assertThat(fake.renewsOfUnknown.get()).isZero();
      long measuredRevokes = generator.results().stream()
          .filter(r -> r.operation().equals("revoke")).mapToLong(PhaseResult::ok).sum();
      long warmupRevokes = generator.warmups().stream()
          .filter(r -> r.operation().equals("revoke")).mapToLong(PhaseResult::ok).sum();
      // one call per tree (its root), the rest from the revoke operation
      assertThat(fake.revokeCalls.get()).isEqualTo(measuredRevokes + warmupRevokes + 1);

      TreeRevoke.Result tree = generator.treeResult();
      assertThat(tree).isNotNull();
      assertThat(1 + tree.children() + tree.grandchildren()).isEqualTo(2000);
      assertThat(tree.children()).isEqualTo(45); // ceil(sqrt(1999))
      assertThat(tree.countersGoneNanos()).isPresent();
      assertThat(tree.sideBefore().ok()).isPositive();
      assertThat(tree.sideDuring().concurrency()).isEqualTo(2);
      assertThat(out.toString())
          .contains("== 4 in flight ==", "lookup-self", "== tree-revoke: 2,000 tokens ==",
              "RevokeToken of the tree root answered after", "stored token count down by 2,000");
    }
  }

  @Test
  void refusesTokenOperationsWithoutAToken() {
    StringWriter err = new StringWriter();
    int rc = new CommandLine(new LoadGenerator())
        .setErr(new PrintWriter(err))
        .execute("--target=127.0.0.1:1", "--ops=create");

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("--token");
  }

  @Test
  void durations() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(DurationConverter.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
  }
}
