package io.leasehold.client.renewal;

/**
 * Remembers when the last renewal call started, so the next one (of this token or of the token
 * that replaces it) starts at least the minimum interval later.
 */
final class RenewalPacer {
  private final long minIntervalNanos;
  private boolean any;
  private long lastStart;

  RenewalPacer(long minIntervalNanos) {
    this.minIntervalNanos = minIntervalNanos;
  }

  /** The earliest time the next renewal may start, given it would otherwise start at {@code at}. */
  synchronized long notBefore(long at) {
    long earliest = lastStart + minIntervalNanos;
    return any && at - earliest < 0 ? earliest : at; // differences: the clock may wrap
  }

  /** A renewal call starts {@code now}. */
  synchronized void started(long now) {
    any = true;
    lastStart = now;
  }
}
