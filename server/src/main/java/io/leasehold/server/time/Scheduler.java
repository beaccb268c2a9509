package io.leasehold.server.time;

/** Runs tasks later. Driven by the same time as {@link Clock}; tests use a fake that runs due tasks. */
public interface Scheduler {
  /** Runs {@code task} once, after {@code delayMillis} (0 or less: as soon as possible). */
  Cancellable schedule(Runnable task, long delayMillis);

  /** A scheduled task that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off if it has not started; no effect otherwise. */
    void cancel();
  }
}
