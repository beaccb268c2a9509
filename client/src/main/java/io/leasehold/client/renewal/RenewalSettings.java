package io.leasehold.client.renewal;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How a renewal loop paces itself.
 *
 * @param increment the TTL asked for at each renewal, counted from the renewal (not added to the
 *     TTL left); {@link Duration#ZERO} lets the server choose (periodic tokens always get their
 *     period)
 * @param minInterval the least time between the starts of two renewal calls, and the floor of
 *     every retry delay: no schedule, however short the lease, turns into a hot loop
 * @param minBackoff the first retry delay after a failed renewal or login; doubled per failure
 * @param maxBackoff the longest retry delay
 * @param random the jitter source; jitter only staggers clients, so it need not be secure
 */
public record RenewalSettings(
    Duration increment, Duration minInterval, Duration minBackoff, Duration maxBackoff,
    Random random) {

  /** Vault Agent's backoff (1 s doubling to 5 min), a 1 s minimum interval, server's increment. */
  public static RenewalSettings defaults() {
    return new RenewalSettings(
        Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5),
        new Random());
  }

  public RenewalSettings {
    Objects.requireNonNull(increment, "increment");
    Objects.requireNonNull(minInterval, "minInterval");
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(random, "random");
    if (increment.isNegative()) {
      throw new IllegalArgumentException("increment must not be negative: " + increment);
    }
    if (minInterval.isNegative() || minInterval.isZero()) {
      throw new IllegalArgumentException("minInterval must be positive: " + minInterval);
    }
    if (minBackoff.isNegative() || minBackoff.isZero()) {
      throw new IllegalArgumentException("minBackoff must be positive: " + minBackoff);
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is less than minBackoff " + minBackoff);
    }
  }

  /** These settings with another increment. */
  public RenewalSettings withIncrement(Duration value) {
    return new RenewalSettings(value, minInterval, minBackoff, maxBackoff, random);
  }

  /** These settings with another minimum interval between renewals. */
  public RenewalSettings withMinInterval(Duration value) {
    return new RenewalSettings(increment, value, minBackoff, maxBackoff, random);
  }

  /** These settings with other retry delays. */
  public RenewalSettings withBackoff(Duration min, Duration max) {
    return new RenewalSettings(increment, minInterval, min, max, random);
  }

  /** These settings with another jitter source (tests pass a seeded one). */
  public RenewalSettings withRandom(Random value) {
    return new RenewalSettings(increment, minInterval, minBackoff, maxBackoff, value);
  }
}
