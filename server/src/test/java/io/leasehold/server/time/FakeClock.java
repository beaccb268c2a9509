package io.leasehold.server.time;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time for tests: both the clock and the scheduler. Time stands still until {@link #advance}
 * moves it; tasks due by then run on the calling thread, in deadline order, each seeing the clock
 * at its own deadline.
 */
public final class FakeClock implements Clock, Scheduler {
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due)
          : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  /** A clock at {@code startMillis} (use odd values to catch arithmetic slips). */
  public FakeClock(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized long millis() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayMillis) {
    Task t = new Task(now + Math.max(0, delayMillis), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (FakeClock.this) {
        t.cancelled = true;
        tasks.remove(t);
      }
    };
  }

  /** Moves time forward by {@code millis}, running every task that falls due on the way. */
  public void advance(long millis) {
    long target;
    synchronized (this) {
      target = now + millis;
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      if (!next.cancelled) {
        next.task.run();
      }
    }
  }

  /** Moves time forward by whole seconds. */
  public void advanceSeconds(long seconds) {
    advance(seconds * 1000);
  }

  /** Tasks not yet run (for assertions). */
  public synchronized List<Long> pendingDeadlines() {
    List<Long> out = new ArrayList<>();
    for (Task t : tasks) {
      out.add(t.due);
    }
    out.sort(null);
    return out;
  }

  private static final class Task {
    final long due;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Task(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }
  }
}
