package io.leasehold.client.renewal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link Scheduler}: {@link System#nanoTime} and one daemon thread, so tasks run one at
 * a time and a forgotten scheduler never keeps the JVM alive.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private final ScheduledExecutorService executor;

  /** A scheduler whose thread is named {@code name}. */
  public SystemScheduler(String name) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    ScheduledFuture<?> future =
        executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /** Drops the tasks not yet started and interrupts the one running, if any. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
