package io.leasehold.client.renewal;

import java.util.Random;

/**
 * The renewal arithmetic, in nanoseconds, with no clock and no state: when to renew, when to give
 * up and log in again, how long to back off. Vault's lifetime watcher is the model; the
 * differences are that every delay has a floor and retries are bounded by the lease left.
 */
final class RenewalSchedule {
  private RenewalSchedule() {}

  /**
   * A random grace in [10 %, 20 %) of the lease (or of the increment, if asked for and shorter):
   * the part of the lease kept in reserve, different for every client so a fleet spreads out.
   */
  static long grace(long leaseNanos, long incrementNanos, Random random) {
    long base = incrementNanos > 0 ? Math.min(leaseNanos, incrementNanos) : leaseNanos;
    if (base <= 0) {
      return 0;
    }
    long tenth = base / 10;
    return tenth + (tenth > 0 ? random.nextLong(tenth) : 0);
  }

  /**
   * How long after a lease of {@code remaining} was granted to renew it: two thirds of it plus a
   * third of the grace, so between 70 % and 73 % of the lease.
   */
  static long renewDelay(long remaining, long grace) {
    return remaining / 3 * 2 + grace / 3;
  }

  /**
   * Whether a lease that no longer grows must be given up now: when what would be left after the
   * next wait is within the grace, renewing again could leave too little time to log in.
   */
  static boolean reauthDue(long remaining, long grace) {
    return remaining <= grace || remaining - renewDelay(remaining, grace) <= grace;
  }

  /**
   * The {@code failures}-th retry delay (0-based): {@code min} doubled per failure up to {@code
   * max}, plus up to half again at random (still at most {@code max}) so clients that failed
   * together retry apart; never under {@code min}.
   */
  static long backoff(int failures, long min, long max, Random random) {
    long base = min;
    for (int i = 0; i < failures && base < max; i++) {
      base = base > max / 2 ? max : base * 2;
    }
    base = Math.min(base, max);
    long half = base / 2;
    return Math.min(max, base + (half > 0 ? random.nextLong(half + 1) : 0));
  }

  /**
   * A retry delay bounded by the lease: at most half of what is {@code left} (so attempts get
   * denser, never sparser, as expiry nears), and never under {@code floor}.
   */
  static long boundedRetry(long backoff, long left, long floor) {
    return Math.max(floor, Math.min(backoff, left / 2));
  }
}
