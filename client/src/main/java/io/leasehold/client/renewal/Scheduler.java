package io.leasehold.client.renewal;

/**
 * The renewal loops' only source of time: a monotonic clock and a one-shot task scheduler in one
 * seam, so tests drive both with a fake and never sleep.
 *
 * <p>The clock is monotonic (like {@link System#nanoTime}): only differences between readings
 * mean anything. The loops never compare it with the server's wall clock; they work from the
 * relative TTLs the server returns.
 */
public interface Scheduler {

  /** Now, in nanoseconds from an arbitrary origin; never goes backwards. */
  long nanoTime();

  /**
   * Runs {@code task} once, {@code delayNanos} from now (at once when not positive), on a thread
   * of the scheduler's. Tasks are run one at a time.
   *
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(long delayNanos, Runnable task);

  /** A scheduled task that may still be cancelled. */
  interface Cancellable {
    /** Cancels the task if it has not started; does nothing otherwise. */
    void cancel();
  }
}
