package io.leasehold.server.core.token;

import io.leasehold.server.core.Durations;
import io.leasehold.server.core.LeaseholdException;
import java.util.ArrayList;
import java.util.List;

/**
 * Vault's lease arithmetic ({@code CalculateTTL}) in one pure function: given the mount's limits,
 * the requested values and the time, how long a token may live. Used at creation and renewal.
 * All durations are whole seconds; times are whole seconds since the epoch.
 */
public final class TtlCalculator {
  private TtlCalculator() {}

  /** The outcome: the TTL granted and any capping warnings. */
  public record Result(long ttlSeconds, List<String> warnings) {}

  /** The inputs. A value of 0 means "not set" for every duration. */
  public record Input(
      long mountDefaultTtl,
      long mountMaxTtl,
      long increment,
      long backendTtl,
      long period,
      long backendMaxTtl,
      long explicitMaxTtl,
      long startSeconds,
      long nowSeconds) {}

  /**
   * Computes the TTL.
   *
   * @throws LeaseholdException FAILED_PRECONDITION {@code past the max TTL, cannot renew} when the
   *     maximum lifetime has already passed
   */
  public static Result calculate(Input in) {
    long maxTtl = in.mountMaxTtl();
    if (in.backendMaxTtl() > 0 && in.backendMaxTtl() < maxTtl) {
      maxTtl = in.backendMaxTtl();
    }
    if (in.explicitMaxTtl() > 0 && in.explicitMaxTtl() < maxTtl) {
      maxTtl = in.explicitMaxTtl();
    }
    if (maxTtl <= 0) {
      throw LeaseholdException.invalid("INVALID_MAX_TTL", "max TTL must be greater than zero");
    }
    List<String> warnings = new ArrayList<>(1);
    long ttl;
    long maxValidTime;
    boolean bounded;
    if (in.period() > 0) {
      long period = in.period();
      if (period > maxTtl) {
        warnings.add(
            "period of \"" + Durations.human(period) + "\" exceeded the effective max_ttl of \""
                + Durations.human(maxTtl) + "\"; period value is capped accordingly");
        period = maxTtl;
      }
      ttl = period;
      bounded = in.explicitMaxTtl() > 0;
      maxValidTime = bounded ? in.startSeconds() + in.explicitMaxTtl() : 0;
    } else {
      if (in.increment() > 0) {
        ttl = in.increment();
      } else if (in.backendTtl() > 0) {
        ttl = in.backendTtl();
      } else {
        ttl = in.mountDefaultTtl();
      }
      bounded = true;
      maxValidTime = in.startSeconds() + maxTtl;
    }
    if (bounded) {
      long maxValidTtl = maxValidTime - in.nowSeconds();
      if (maxValidTtl <= 0) {
        throw LeaseholdException.precondition("MAX_TTL_REACHED", "past the max TTL, cannot renew");
      }
      if (ttl > maxValidTtl) {
        warnings.add(
            "TTL of \"" + Durations.human(ttl) + "\" exceeded the effective max_ttl of \""
                + Durations.human(maxValidTtl) + "\"; TTL value is capped accordingly");
        ttl = maxValidTtl;
      }
    }
    return new Result(ttl, warnings);
  }
}
