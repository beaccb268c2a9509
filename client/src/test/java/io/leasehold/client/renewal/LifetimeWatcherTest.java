package io.leasehold.client.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LifetimeWatcherTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long HOUR = 3600 * SECOND;

  private final RenewalSettings settings = RenewalSettings.defaults().withRandom(new Random(7));

  /** A watcher on a token the server just issued (login done at the server's current time). */
  private static LifetimeWatcher watch(
      FakeTokenServer server, FakeScheduler clock, RenewalSettings settings, Recorder events) {
    long start = clock.nanoTime();
    Login login = server.login();
    return new LifetimeWatcher(server, clock, settings, login.token(), login.lease(), start, events);
  }

  @Test
  void periodicToken_renewedThousandPeriodsInARow_neverExpiresAndNeverFinishes() {
    // Start near the end of the long range: the schedule must survive the clock wrapping.
    FakeScheduler clock = new FakeScheduler(Long.MAX_VALUE - 400 * HOUR + 12_345);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(1), Duration.ofMillis(200))
        .role(Duration.ofHours(1), Duration.ZERO, Duration.ofHours(1), true);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher = watch(server, clock, settings, events);
    watcher.start();

    clock.advance(1000 * HOUR);

    FakeTokenServer.Entry token = server.issued().get(0);
    assertThat(token.validAt(server.now())).isTrue();
    assertThat(events.errors).isEmpty();
    assertThat(events.done).isEmpty();
    assertThat(watcher.done()).isNotDone();
    // Every renewal at 70-73 % of the period after the previous one started (plus latency).
    List<Long> starts = server.renewStarts();
    assertThat(starts).hasSizeGreaterThan(1000 * 100 / 74);
    assertThat(events.renewals).hasSize(starts.size())
        .allSatisfy(l -> assertThat(l.ttl()).isEqualTo(Duration.ofHours(1)));
    for (int i = 1; i < starts.size(); i++) {
      long gap = starts.get(i) - starts.get(i - 1);
      assertThat(gap).as("gap %d", i).isBetween(HOUR * 69 / 100, HOUR * 74 / 100);
    }
  }

  @Test
  void fleet_ofClientsWithTheSameLease_spreadsItsRenewalsOverTheGraceWindow() {
    FakeScheduler clock = new FakeScheduler(3);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(1), Duration.ZERO)
        .role(Duration.ofHours(1), Duration.ZERO, Duration.ofHours(1), true);
    Recorder events = new Recorder(server);
    for (int i = 0; i < 100; i++) {
      watch(server, clock, settings.withRandom(new Random(i)), events).start();
    }
    long t0 = clock.nanoTime();
    java.util.TreeSet<Long> firstRenewals = new java.util.TreeSet<>();
    for (int i = 0; i < 100; i++) {
      firstRenewals.add(clock.nextDue() - t0);
      clock.advance(clock.nextDue() - clock.nanoTime());
    }
    assertThat(firstRenewals).hasSizeGreaterThan(95)
        .allSatisfy(d -> assertThat(d).isBetween(HOUR * 70 / 100, HOUR * 734 / 1000));
    assertThat(firstRenewals.last() - firstRenewals.first()).isGreaterThan(HOUR * 2 / 100);
  }

  @Test
  void nonRenewableToken_neverRenewed_doneAtTheReauthPoint() {
    FakeScheduler clock = new FakeScheduler(-77);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(2), Duration.ZERO)
        .role(Duration.ofSeconds(100), Duration.ZERO, Duration.ZERO, false);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher = watch(server, clock, settings, events);
    watcher.start();

    clock.advance(HOUR);

    assertThat(server.renewStarts()).isEmpty();
    assertThat(events.done).containsExactly(DoneReason.NOT_RENEWABLE);
    assertThat(watcher.done()).isCompletedWithValue(DoneReason.NOT_RENEWABLE);
    assertThat(events.doneAt).isBetween(70 * SECOND, 74 * SECOND);
  }

  @Test
  void revokedToken_stopsAtTheFirstRefusal_withNoFurtherCalls() {
    FakeScheduler clock = new FakeScheduler(5);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(3), Duration.ZERO)
        .role(Duration.ofSeconds(100), Duration.ZERO, Duration.ZERO, true);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher = watch(server, clock, settings, events);
    watcher.start();
    server.revokeLatest();

    clock.advance(HOUR);

    assertThat(server.renewStarts()).hasSize(1);
    assertThat(events.errors).containsExactly(Failure.UNAUTHENTICATED);
    assertThat(events.done).containsExactly(DoneReason.UNAUTHENTICATED);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void outageUntilExpiry_retriesWithGrowingBoundedBackoff_thenReportsExpired() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(4), Duration.ZERO)
        .role(Duration.ofSeconds(600), Duration.ZERO, Duration.ZERO, true)
        .outage(60 * SECOND, Long.MAX_VALUE);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher = watch(server, clock, settings, events);
    watcher.start();

    clock.advance(HOUR);

    List<Long> starts = server.renewStarts();
    long expiry = server.issued().get(0).expiry;
    assertThat(events.done).containsExactly(DoneReason.EXPIRED);
    assertThat(events.errors).hasSize(starts.size()).containsOnly(Failure.TRANSIENT);
    // Not a hot loop: a handful of attempts, at least the minimum interval apart, all before
    // expiry, the last ones close to it (backoff bounded by half the time left).
    assertThat(starts).hasSizeBetween(8, 20).allSatisfy(s -> assertThat(s).isLessThan(expiry));
    for (int i = 1; i < starts.size(); i++) {
      long gap = starts.get(i) - starts.get(i - 1);
      assertThat(gap).isGreaterThanOrEqualTo(SECOND);
      assertThat(gap).isLessThanOrEqualTo(Math.max(SECOND, (expiry - starts.get(i - 1)) / 2));
    }
    assertThat(expiry - starts.get(starts.size() - 1)).isLessThan(2 * SECOND);
    assertThat(events.doneAt).isLessThanOrEqualTo(expiry);
  }

  @Test
  void outageShorterThanTheLease_tokenRenewedAfterIt_andNeverExpires() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(5), Duration.ofMillis(50))
        .role(Duration.ofSeconds(100), Duration.ZERO, Duration.ZERO, true)
        .outage(60 * SECOND, 95 * SECOND);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher = watch(server, clock, settings, events);
    watcher.start();

    for (int i = 0; i < 600; i++) {
      clock.advance(SECOND);
      assertThat(server.issued().get(0).validAt(server.now())).as("second %d", i).isTrue();
    }

    assertThat(events.errors).isNotEmpty().containsOnly(Failure.TRANSIENT);
    assertThat(events.done).isEmpty();
  }

  @Test
  void explicitMaxTtl_reportedAsMaxTtlReached_withAtLeastTheGraceLeft() {
    FakeScheduler clock = new FakeScheduler(99);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(6), Duration.ofMillis(100))
        .role(Duration.ofSeconds(100), Duration.ofSeconds(250), Duration.ZERO, true);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher = watch(server, clock, settings, events);
    watcher.start();

    clock.advance(HOUR);

    FakeTokenServer.Entry token = server.issued().get(0);
    assertThat(events.done).containsExactly(DoneReason.MAX_TTL_REACHED);
    assertThat(events.errors).isEmpty();
    // Reported while the token still had at least the smallest grace (10 % of 100 s) left.
    assertThat(token.expiry - events.doneAt).isGreaterThanOrEqualTo(10 * SECOND);
    assertThat(token.expiry).isEqualTo(token.maxExpiry);
    assertThat(watcher.expiresAtNanos() - clock.nanoTime()).isNegative(); // an hour later
  }

  @Test
  void serverSaysMaxTtlReached_finishesAtOnce() {
    FakeScheduler clock = new FakeScheduler(0);
    TokenSession refusing = new RefusingSession(
        FakeTokenServer.status(com.google.rpc.Code.FAILED_PRECONDITION, "MAX_TTL_REACHED",
            "past the max TTL, cannot renew"));
    Recorder events = new Recorder(new FakeTokenServer(clock, new Random(1), Duration.ZERO));
    LifetimeWatcher watcher = new LifetimeWatcher(refusing, clock, settings, "t",
        TokenLease.of(Duration.ofSeconds(30), true), clock.nanoTime(), events);
    watcher.start();

    clock.advance(HOUR);

    assertThat(events.errors).containsExactly(Failure.MAX_TTL_REACHED);
    assertThat(events.done).containsExactly(DoneReason.MAX_TTL_REACHED);
  }

  @Test
  void rootToken_neverRenewed_untilStopped() {
    FakeScheduler clock = new FakeScheduler(0);
    Recorder events = new Recorder(new FakeTokenServer(clock, new Random(1), Duration.ZERO));
    TokenSession refusing = new RefusingSession(new AssertionError("no call expected"));
    LifetimeWatcher watcher = new LifetimeWatcher(refusing, clock, settings, "root",
        TokenLease.of(Duration.ZERO, false), clock.nanoTime(), events);
    watcher.start();
    clock.advance(1000 * HOUR);
    assertThat(events.done).isEmpty();
    assertThat(watcher.neverExpires()).isTrue();

    watcher.stop();
    assertThat(events.done).containsExactly(DoneReason.STOPPED);
  }

  @Test
  void stop_fromManyThreadsAtOnce_finishesOnceAndCancelsTheRenewal() throws Exception {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(8), Duration.ZERO)
        .role(Duration.ofSeconds(100), Duration.ZERO, Duration.ZERO, true);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher = watch(server, clock, settings, events);
    watcher.start();
    watcher.start(); // idempotent: still one renewal planned
    assertThat(clock.pending()).isEqualTo(1);

    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        watcher.stop();
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertThat(events.done).containsExactly(DoneReason.STOPPED);
    assertThat(clock.pending()).isZero();
    clock.advance(HOUR);
    assertThat(server.renewStarts()).isEmpty();
    watcher.start(); // a stopped watcher stays stopped
    assertThat(clock.pending()).isZero();
  }

  @Test
  void increment_isSentAtEveryRenewal_andSizesTheGrace() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(9), Duration.ZERO)
        .role(Duration.ofHours(10), Duration.ZERO, Duration.ZERO, true);
    Recorder events = new Recorder(server);
    LifetimeWatcher watcher =
        watch(server, clock, settings.withIncrement(Duration.ofMinutes(10)), events);
    watcher.start();

    clock.advance(8 * HOUR);

    // The first renewal comes at ~70 % of the 10 h lease; from then on each grants 10 minutes,
    // renewed every ~7 minutes, and shrinking to the increment is not mistaken for the max TTL.
    assertThat(events.renewals).hasSizeGreaterThan(3)
        .allSatisfy(l -> assertThat(l.ttl()).isEqualTo(Duration.ofMinutes(10)));
    assertThat(events.done).isEmpty();
  }

  /** A session whose every call fails with one error. */
  private record RefusingSession(Throwable failure) implements TokenSession {
    private RuntimeException fail() {
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) failure;
    }

    @Override
    public TokenLease lookupSelf(String token) {
      throw fail();
    }

    @Override
    public TokenLease renewSelf(String token, Duration increment) {
      throw fail();
    }

    @Override
    public void revokeSelf(String token) {
      throw fail();
    }
  }
}
