package io.leasehold.bench;

import java.util.Arrays;

/**
 * Every latency of one run, kept exactly in a growable primitive array: a run lasts seconds, so
 * even at 100k calls/s this is a few MB, and percentiles come out exact (no histogram buckets, no
 * extra dependency). Not thread-safe: each in-flight slot owns one, and they are merged at the end.
 */
public final class LatencyRecorder {
  private long[] values;
  private int size;

  public LatencyRecorder() {
    this(1024);
  }

  public LatencyRecorder(int initialCapacity) {
    values = new long[Math.max(16, initialCapacity)];
  }

  /** Records one latency in nanoseconds. */
  public void record(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, Math.multiplyExact(values.length, 2));
    }
    values[size++] = nanos;
  }

  public int count() {
    return size;
  }

  /** Appends everything {@code other} recorded. */
  public void addAll(LatencyRecorder other) {
    if (size + other.size > values.length) {
      values = Arrays.copyOf(values, Math.max(size + other.size, values.length * 2));
    }
    System.arraycopy(other.values, 0, values, size, other.size);
    size += other.size;
  }

  /** Sorts what was recorded (in place) and summarizes it. */
  public Percentiles percentiles() {
    Arrays.sort(values, 0, size);
    if (size == 0) {
      return Percentiles.EMPTY;
    }
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return new Percentiles(
        size,
        values[0],
        atFraction(50, 100),
        atFraction(99, 100),
        atFraction(999, 1000),
        values[size - 1],
        (double) sum / size);
  }

  /**
   * Nearest-rank percentile of the sorted values: the smallest value such that at least
   * {@code numerator/denominator} of all values are at or below it. Integer arithmetic, so
   * p99 of 1..1000 is exactly 990.
   */
  private long atFraction(long numerator, long denominator) {
    long rank = (size * numerator + denominator - 1) / denominator; // ceil(size * q), 1-based
    return values[(int) Math.max(0, rank - 1)];
  }

  /** Latency summary in nanoseconds. */
  public record Percentiles(long count, long min, long p50, long p99, long p999, long max, double mean) {
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0);
  }
}
