package io.leasehold.client.renewal;

import java.util.PriorityQueue;

/**
 * Time for tests, both clock and scheduler: time stands still until {@link #advance} moves it,
 * running the tasks that fall due on the calling thread, in deadline order, each seeing the clock
 * at its own deadline. {@link #elapse} moves time without running anything, for a fake server
 * whose calls take a while.
 */
public final class FakeScheduler implements Scheduler {
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due - b.due, 0)
          : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  /** A clock at {@code startNanos} (odd values catch arithmetic slips; negative ones too). */
  public FakeScheduler(long startNanos) {
    this.now = startNanos;
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(long delayNanos, Runnable task) {
    Task t = new Task(now + Math.max(0, delayNanos), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (FakeScheduler.this) {
        tasks.remove(t);
      }
    };
  }

  /** Moves time forward by {@code nanos}, running every task that falls due on the way. */
  public void advance(long nanos) {
    long target;
    synchronized (this) {
      target = now + nanos;
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due - target > 0) {
          if (now - target < 0) {
            now = target;
          }
          return;
        }
        tasks.poll();
        if (now - next.due < 0) {
          now = next.due;
        }
      }
      next.task.run();
    }
  }

  /** Moves time forward by {@code nanos} without running anything (a call in progress). */
  public synchronized void elapse(long nanos) {
    now += nanos;
  }

  /** How many tasks wait. */
  public synchronized int pending() {
    return tasks.size();
  }

  /** When the earliest waiting task is due, or throws if none waits. */
  public synchronized long nextDue() {
    if (tasks.isEmpty()) {
      throw new IllegalStateException("nothing scheduled");
    }
    return tasks.peek().due;
  }

  private record Task(long due, long seq, Runnable task) {}
}
