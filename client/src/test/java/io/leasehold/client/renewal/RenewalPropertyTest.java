package io.leasehold.client.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The session keeper against the model token server over 10,000 random schedules: role TTL,
 * explicit max, period, renewability, increment, call latency, outages and revocations, pacing
 * settings, and where the clock starts (some near the wrap of {@code long}). Each schedule runs a
 * busy stretch (outages and revocations anywhere in it) and then a quiet one. For every schedule:
 *
 * <ol>
 *   <li><b>No avoidable expiry.</b> A token the keeper held expired before its replacement was
 *       issued only if the server was unreachable at some point in the last {@code W = 2 *
 *       minInterval + 5 * maxLatency} of its life. W is what the loop promises: whatever happened
 *       before, once the server is up for W before expiry, a renewal or a login lands in time
 *       (retries are at most half the time left apart and at least the minimum interval). Revoked
 *       tokens are excluded: they end when the operator says.
 *   <li><b>No hot loop.</b> Two renewal calls never start closer than the minimum interval, and
 *       two logins never closer than the smaller of the minimum interval and the min backoff.
 *   <li><b>Liveness.</b> After the quiet stretch the keeper holds a valid token and is still
 *       running.
 * </ol>
 *
 * <p>A failure names the seed; rerun it alone with {@code -Drenewal.seed=N}.
 */
class RenewalPropertyTest {
  private static final long MS = 1_000_000L;
  private static final int SCHEDULES = 10_000;
  private static final long BASE_SEED = 0x1ea5e401dL;

  @Test
  void keeper_neverLosesATokenItCouldHaveSaved_neverRenewsTooOften_andRecovers() {
    String only = System.getProperty("renewal.seed");
    if (only != null) {
      runSchedule(Long.parseLong(only));
      return;
    }
    long renewals = 0;
    long logins = 0;
    for (int i = 0; i < SCHEDULES; i++) {
      Outcome outcome = runSchedule(BASE_SEED + i);
      renewals += outcome.renewals;
      logins += outcome.logins;
    }
    // The schedules did exercise the loop (guards against a generator that tests nothing).
    assertThat(renewals).isGreaterThan(SCHEDULES * 10L);
    assertThat(logins).isGreaterThan(SCHEDULES * 2L);
  }

  private record Outcome(int renewals, int logins) {}

  /** The random schedule of one seed; durations in nanoseconds. */
  private record Schedule(
      long minInterval, long maxLatency, long minBackoff, long maxBackoff, long ttl,
      long explicitMax, long period, boolean renewable, long increment, long busy, long quiet,
      long clockStart) {}

  private static Schedule schedule(Random r) {
    long minInterval = (100 + r.nextInt(1900)) * MS;
    long maxLatency = r.nextInt(4) == 0 ? 0 : r.nextInt(500) * MS;
    long minBackoff = (100 + r.nextInt(1900)) * MS;
    long maxBackoff = minBackoff * (1 + r.nextInt(60));
    long shortest = Math.max(40 * (minInterval + maxLatency), 10 * minBackoff);
    long ttl = shortest + (long) (shortest * 50 * Math.pow(r.nextDouble(), 3));
    long period = r.nextInt(3) == 0 ? ttl : 0;
    long explicitMax = r.nextBoolean() ? ttl + (long) (r.nextDouble() * 7 * ttl) : 0;
    boolean renewable = r.nextInt(10) != 0;
    long increment = period == 0 && r.nextInt(3) == 0
        ? ttl / 2 + (long) (r.nextDouble() * 1.5 * ttl) : 0;
    long busy = 15 * ttl;
    long quiet = 2 * maxBackoff + 2 * Math.max(ttl, explicitMax) + 10 * minBackoff;
    long clockStart = r.nextInt(7) == 0 ? Long.MAX_VALUE - busy / 2 : r.nextLong();
    return new Schedule(minInterval, maxLatency, minBackoff, maxBackoff, ttl, explicitMax,
        period, renewable, increment, busy, quiet, clockStart);
  }

  private static Outcome runSchedule(long seed) {
    Random r = new Random(seed);
    Schedule s = schedule(r);
    FakeScheduler clock = new FakeScheduler(s.clockStart);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(r.nextLong()),
        Duration.ofNanos(s.maxLatency))
        .role(Duration.ofNanos(s.ttl), Duration.ofNanos(s.explicitMax),
            Duration.ofNanos(s.period), s.renewable);
    int outages = r.nextInt(5);
    for (int i = 0; i < outages; i++) {
      long from = (long) (r.nextDouble() * s.busy);
      long length = (long) (Math.pow(r.nextDouble(), 2) * 2 * s.ttl);
      server.outage(from, Math.min(from + length, s.busy));
    }
    int revocations = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
    for (int i = 0; i < revocations; i++) {
      clock.schedule((long) (r.nextDouble() * s.busy), server::revokeLatest);
    }
    RenewalSettings settings = new RenewalSettings(
        Duration.ofNanos(s.increment), Duration.ofNanos(s.minInterval),
        Duration.ofNanos(s.minBackoff), Duration.ofNanos(s.maxBackoff), new Random(r.nextLong()));
    SessionKeeper keeper =
        new SessionKeeper(server.auth(), server, clock, settings, new RenewalListener() {}, false);

    keeper.start();
    clock.advance(s.busy + s.quiet);

    String context = "seed " + seed + " (rerun with -Drenewal.seed=" + seed + "): " + s
        + " outages " + describe(server.outages());
    long end = server.now();
    long window = 2 * s.minInterval + 5 * s.maxLatency;
    List<FakeTokenServer.Entry> issued = server.issued();
    for (int k = 0; k < issued.size(); k++) {
      FakeTokenServer.Entry token = issued.get(k);
      long replaced = k + 1 < issued.size() ? issued.get(k + 1).created : end;
      if (token.revokedAt >= 0 || token.expiry >= replaced) {
        continue;
      }
      assertThat(server.upThroughout(token.expiry - window, token.expiry))
          .as("%s: token %d expired at %d, replaced at %d, though the server was up for the"
              + " last %d ns of its life", context, k, token.expiry, replaced, window)
          .isFalse();
    }
    assertIntervals(server.renewStarts(), s.minInterval, "renewals", context);
    assertIntervals(server.loginStarts(), Math.min(s.minInterval, s.minBackoff), "logins",
        context);
    assertThat(keeper.done()).as(context).isNotDone();
    String held = keeper.token().orElse(null);
    assertThat(held).as("%s: no token after the quiet stretch", context).isNotNull();
    assertThat(server.entry(held).validAt(end))
        .as("%s: the token held after the quiet stretch is not valid", context).isTrue();
    return new Outcome(server.renewStarts().size(), server.loginStarts().size());
  }

  private static void assertIntervals(List<Long> starts, long least, String what, String context) {
    for (int i = 1; i < starts.size(); i++) {
      long gap = starts.get(i) - starts.get(i - 1);
      if (gap < least) {
        throw new AssertionError(context + ": " + what + " " + (i - 1) + " and " + i
            + " started " + gap + " ns apart, under " + least);
      }
    }
  }

  private static String describe(List<long[]> outages) {
    StringBuilder b = new StringBuilder("[");
    for (long[] o : outages) {
      b.append(' ').append(o[0]).append("..").append(o[1]);
    }
    return b.append(" ]").toString();
  }
}
