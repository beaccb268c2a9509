package io.leasehold.client.renewal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the server said about a token's lifetime in one response: the time it has left, counted
 * from when the server answered, and whether it may be renewed.
 *
 * @param ttl time left; {@link Duration#ZERO} for a token that never expires (root)
 * @param renewable whether renew-self may extend it (false for batch and non-renewable tokens)
 * @param period the token's period, {@link Duration#ZERO} when not periodic or not reported (a
 *     renewal response does not carry it)
 * @param explicitMaxTtl the token's own explicit max TTL, {@link Duration#ZERO} when none or not
 *     reported; a role's max TTL is never reported, so a lease that stops growing is the sign
 * @param warnings the server's warnings, e.g. that the TTL was capped at the max TTL
 */
public record TokenLease(
    Duration ttl,
    boolean renewable,
    Duration period,
    Duration explicitMaxTtl,
    List<String> warnings) {

  public TokenLease {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(explicitMaxTtl, "explicitMaxTtl");
    if (ttl.isNegative() || period.isNegative() || explicitMaxTtl.isNegative()) {
      throw new IllegalArgumentException("negative duration in " + ttl + "/" + period);
    }
    warnings = List.copyOf(warnings);
  }

  /** A lease with only a TTL and renewability known, as a renewal or login response gives. */
  public static TokenLease of(Duration ttl, boolean renewable) {
    return new TokenLease(ttl, renewable, Duration.ZERO, Duration.ZERO, List.of());
  }

  /** True for a token that never expires (TTL zero), such as a root token. */
  public boolean neverExpires() {
    return ttl.isZero();
  }
}
