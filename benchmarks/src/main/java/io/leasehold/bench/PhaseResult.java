package io.leasehold.bench;

/**
 * What one phase of one operation at one concurrency measured.
 *
 * @param ok calls that succeeded (ops/s counts only these)
 * @param errors calls that failed
 * @param elapsedNanos from the first call's start to the last call's completion
 * @param maxInFlight the most calls ever outstanding at once (never above the concurrency)
 * @param exhausted the operation ran out of work (a token pool) before the deadline
 * @param unfinishedSlots slots whose last call had not completed when the wait gave up
 * @param latency latencies of the successful calls (empty for a warm-up)
 * @param firstError the first failure, as "CODE: description", or null
 * @param note how the operation was run, or null
 */
public record PhaseResult(
    String operation,
    int concurrency,
    long ok,
    long errors,
    long elapsedNanos,
    int maxInFlight,
    boolean exhausted,
    int unfinishedSlots,
    LatencyRecorder.Percentiles latency,
    String firstError,
    String note) {

  public double opsPerSecond() {
    return elapsedNanos <= 0 ? 0 : ok * 1e9 / elapsedNanos;
  }

  public double elapsedSeconds() {
    return elapsedNanos / 1e9;
  }
}
