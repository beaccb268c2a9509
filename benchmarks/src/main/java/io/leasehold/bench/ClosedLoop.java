package io.leasehold.bench;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps exactly {@code concurrency} calls of one operation in flight: {@code concurrency} slots,
 * each with at most one outstanding call, each starting its next call from the completion callback
 * of the previous one (a closed loop: no call waits in a client-side queue, so latency is what the
 * server and transport take). Stops issuing at the deadline (or on {@link #stop()}), then waits for
 * the calls still in flight, so every counted call started and finished inside the measured window.
 */
public final class ClosedLoop {
  private final Operation operation;
  private final int concurrency;
  private final boolean record;
  private final Slot[] slots;
  private final CountDownLatch finished;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private volatile boolean stopRequested;
  private long startNanos;
  private long deadlineNanos;

  /**
   * @param record keep every latency (a measured phase); false for a warm-up, which only counts
   */
  public ClosedLoop(Operation operation, int concurrency, boolean record) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.operation = operation;
    this.concurrency = concurrency;
    this.record = record;
    this.slots = new Slot[concurrency];
    this.finished = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      slots[i] = new Slot(i);
    }
  }

  /** Runs one phase of {@code duration} and returns what it measured. */
  public static PhaseResult run(Operation operation, int concurrency, Duration duration, boolean record)
      throws InterruptedException {
    ClosedLoop loop = new ClosedLoop(operation, concurrency, record);
    loop.start(duration);
    return loop.await(duration.plusSeconds(60));
  }

  /** Starts every slot; the loop issues calls until {@code duration} has passed or {@link #stop()}. */
  public void start(Duration duration) {
    startNanos = System.nanoTime();
    long nanos = duration.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 4 : duration.toNanos();
    deadlineNanos = startNanos + nanos;
    for (Slot slot : slots) {
      slot.kick();
    }
  }

  /** Stops issuing new calls (those in flight still complete and count). */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Waits until every slot has stopped and its last call completed, at most {@code timeout};
   * calls still outstanding then are reported as unfinished.
   */
  public PhaseResult await(Duration timeout) throws InterruptedException {
    boolean all = finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    long end = startNanos;
    long ok = 0;
    long errors = 0;
    int unfinished = 0;
    boolean exhausted = false;
    LatencyRecorder latencies = new LatencyRecorder(record ? 1024 : 16);
    for (Slot slot : slots) {
      if (!slot.done) {
        unfinished++;
        end = Math.max(end, System.nanoTime());
        continue;
      }
      end = Math.max(end, slot.lastCompletionNanos);
      ok += slot.ok;
      errors += slot.errors;
      exhausted |= slot.exhausted;
      if (record) {
        latencies.addAll(slot.latencies);
      }
    }
    if (!all && unfinished == 0) {
      unfinished = (int) finished.getCount();
    }
    Throwable error = firstError.get();
    return new PhaseResult(
        operation.name(),
        concurrency,
        ok,
        errors,
        end - startNanos,
        maxInFlight.get(),
        exhausted,
        unfinished,
        latencies.percentiles(),
        error == null ? null : describe(error),
        operation.note());
  }

  static String describe(Throwable t) {
    Status status = Status.fromThrowable(t);
    if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
      return t.toString();
    }
    return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  /**
   * One in-flight position. Its fields are touched by one call at a time: a call's completion
   * happens-before the next start (gRPC's own hand-offs plus {@link #wip}), and the final reads in
   * {@link #await} happen after {@link #finished} counts down.
   */
  private final class Slot implements StreamObserver<Object> {
    private final int index;
    private final LatencyRecorder latencies = new LatencyRecorder(record ? 4096 : 16);
    /** Drain-loop counter: lets a completion delivered inside start() (a synchronous failure) loop instead of recursing. */
    private final AtomicInteger wip = new AtomicInteger();
    private long callStartNanos;
    private long lastCompletionNanos;
    private long ok;
    private long errors;
    private boolean exhausted;
    private volatile boolean done;

    Slot(int index) {
      this.index = index;
    }

    @Override
    public void onNext(Object value) {}

    @Override
    public void onError(Throwable t) {
      long now = System.nanoTime();
      inFlight.decrementAndGet();
      errors++;
      firstError.compareAndSet(null, t);
      lastCompletionNanos = now;
      kick();
    }

    @Override
    public void onCompleted() {
      long now = System.nanoTime();
      inFlight.decrementAndGet();
      ok++;
      if (record) {
        latencies.record(now - callStartNanos);
      }
      lastCompletionNanos = now;
      kick();
    }

    void kick() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      do {
        issueNext();
      } while (wip.decrementAndGet() != 0);
    }

    private void issueNext() {
      long now = System.nanoTime();
      if (stopRequested || now - deadlineNanos >= 0) {
        finish(now);
        return;
      }
      int current = inFlight.incrementAndGet();
      if (current > maxInFlight.get()) {
        maxInFlight.accumulateAndGet(current, Math::max);
      }
      callStartNanos = now;
      boolean started;
      try {
        started = operation.start(index, this);
      } catch (RuntimeException e) {
        inFlight.decrementAndGet();
        errors++;
        firstError.compareAndSet(null, e);
        finish(System.nanoTime());
        return;
      }
      if (!started) {
        inFlight.decrementAndGet();
        exhausted = true;
        finish(now);
      }
    }

    private void finish(long now) {
      if (lastCompletionNanos == 0) {
        lastCompletionNanos = now;
      }
      done = true;
      finished.countDown();
    }
  }
}
