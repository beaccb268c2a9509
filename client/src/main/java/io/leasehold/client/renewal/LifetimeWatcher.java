package io.leasehold.client.renewal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps one token alive by renewing it, until it can no longer be kept: the Java counterpart of
 * Vault's {@code LifetimeWatcher}, with the lessons of its bug reports built in.
 *
 * <ul>
 *   <li>Renews at 2/3 of the lease left plus a third of a random grace of 10-20 % (70-73 % of the
 *       lease), timed from the start of the call that granted it. Each lease is taken from the
 *       server's latest answer, never from the creation TTL.
 *   <li>A lease that stops growing (explicit or mount max TTL near) keeps the grace it had; once
 *       what would be left after the next wait is within that grace, the watcher finishes with
 *       {@link DoneReason#MAX_TTL_REACHED} while the token still has at least the grace left, time
 *       enough to log in again. A periodic token's lease never shrinks, so it is renewed forever.
 *   <li>A non-renewable (or batch) token is never renewed; the watcher finishes with {@link
 *       DoneReason#NOT_RENEWABLE} when a renewal would have been due. A token that never expires
 *       (root) is left alone.
 *   <li>Transient failures are retried with exponential backoff and jitter, each delay at most
 *       half the lease left and at least the minimum interval; if the next attempt could only
 *       start after expiry the watcher finishes with {@link DoneReason#EXPIRED}. A refused token
 *       (UNAUTHENTICATED, PERMISSION_DENIED, not found) finishes it at once with {@link
 *       DoneReason#UNAUTHENTICATED}.
 *   <li>Two renewal calls never start closer than the minimum interval.
 * </ul>
 *
 * <p>Thread safety: {@link #start} and {@link #stop} may be called from any thread, any number of
 * times. Calls and events run on the scheduler's thread; no lock is held during a call, so {@link
 * #stop} never waits for the server.
 */
public final class LifetimeWatcher {
  private final TokenSession session;
  private final Scheduler scheduler;
  private final RenewalSettings settings;
  private final String token;
  private final TokenLease initialLease;
  private final long initialStart;
  private final RenewalListener listener;
  private final RenewalPacer pacer;
  private final CompletableFuture<DoneReason> done = new CompletableFuture<>();

  // Guarded by this.
  private boolean started;
  private boolean finished;
  private Scheduler.Cancellable pending;
  private long expiry;
  private long priorLease;
  private long grace;
  private int failures;
  private boolean neverExpires;

  /**
   * A watcher for {@code token}, whose lease {@code lease} was granted by a call that started at
   * {@code leaseStartNanos} on {@code scheduler}'s clock. Nothing happens until {@link #start}.
   */
  public LifetimeWatcher(
      TokenSession session,
      Scheduler scheduler,
      RenewalSettings settings,
      String token,
      TokenLease lease,
      long leaseStartNanos,
      RenewalListener listener) {
    this(session, scheduler, settings, token, lease, leaseStartNanos, listener,
        new RenewalPacer(settings.minInterval().toNanos()));
  }

  LifetimeWatcher(
      TokenSession session,
      Scheduler scheduler,
      RenewalSettings settings,
      String token,
      TokenLease lease,
      long leaseStartNanos,
      RenewalListener listener,
      RenewalPacer pacer) {
    this.session = Objects.requireNonNull(session, "session");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.token = Objects.requireNonNull(token, "token");
    this.initialLease = Objects.requireNonNull(lease, "lease");
    this.initialStart = leaseStartNanos;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.pacer = pacer;
  }

  /** Starts watching; does nothing if already started or stopped. */
  public void start() {
    synchronized (this) {
      if (started || finished) {
        return;
      }
      started = true;
      neverExpires = initialLease.neverExpires();
      if (neverExpires) {
        return; // a root token: nothing to renew, nothing to report until stopped
      }
      long lease = initialLease.ttl().toNanos();
      expiry = initialStart + lease;
      priorLease = lease;
      grace = RenewalSchedule.grace(lease, settings.increment().toNanos(), settings.random());
      planNext(initialStart, lease, initialLease.renewable());
    }
  }

  /** Stops watching; the token is left as it is. Idempotent. */
  public void stop() {
    finish(DoneReason.STOPPED);
  }

  /** Completes with the reason the watcher finished. */
  public CompletableFuture<DoneReason> done() {
    return done;
  }

  /**
   * When the token's last known lease ends, on the scheduler's clock (a lower bound: counted from
   * the start of the call that granted it); meaningless when {@link #neverExpires}.
   */
  public synchronized long expiresAtNanos() {
    return started ? expiry : initialStart + initialLease.ttl().toNanos();
  }

  /** Whether the token's last known lease never ends (a root token). */
  public synchronized boolean neverExpires() {
    return started ? neverExpires : initialLease.neverExpires();
  }

  /** Schedules the next step for a lease of {@code lease} granted by a call started at {@code at}. */
  private void planNext(long at, long lease, boolean renewable) {
    long due = at + RenewalSchedule.renewDelay(lease, grace);
    if (!renewable) {
      at(due, () -> finish(DoneReason.NOT_RENEWABLE));
      return;
    }
    due = pacer.notBefore(due);
    if (due - expiry >= 0) { // (differences, not comparisons: the clock may wrap)
      at(scheduler.nanoTime(), () -> finish(DoneReason.MAX_TTL_REACHED));
      return;
    }
    at(due, this::renew);
  }

  /** Runs {@code step} at {@code time}; caller holds the lock. */
  private void at(long time, Runnable step) {
    pending = scheduler.schedule(time - scheduler.nanoTime(), step);
  }

  private void renew() {
    long start;
    synchronized (this) {
      if (finished) {
        return;
      }
      start = scheduler.nanoTime();
      pacer.started(start);
    }
    TokenLease lease;
    try {
      lease = session.renewSelf(token, settings.increment());
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    renewed(start, lease);
  }

  private void renewed(long start, TokenLease lease) {
    DoneReason end = null;
    synchronized (this) {
      if (finished) {
        return;
      }
      failures = 0;
      long granted = lease.ttl().toNanos();
      neverExpires = lease.neverExpires();
      if (!neverExpires) {
        expiry = start + granted;
        if (granted > priorLease) {
          // Still growing: the max is not in sight, so size the reserve to the new lease.
          grace = RenewalSchedule.grace(granted, settings.increment().toNanos(), settings.random());
        }
        priorLease = granted;
        if (lease.renewable() && RenewalSchedule.reauthDue(granted, grace)) {
          end = DoneReason.MAX_TTL_REACHED;
        } else {
          planNext(start, granted, lease.renewable());
        }
      }
    }
    Listeners.call(() -> listener.onRenewed(lease));
    if (end != null) {
      finish(end);
    }
  }

  private void failed(RuntimeException e) {
    Failure kind = Failure.of(e);
    Listeners.call(() -> listener.onError(e, kind));
    DoneReason end = switch (kind) {
      case UNAUTHENTICATED -> DoneReason.UNAUTHENTICATED;
      case MAX_TTL_REACHED -> DoneReason.MAX_TTL_REACHED;
      case NOT_RENEWABLE -> DoneReason.NOT_RENEWABLE;
      case TRANSIENT, PERMANENT -> null;
    };
    if (end == null) {
      synchronized (this) {
        if (finished) {
          return;
        }
        long now = scheduler.nanoTime();
        long delay = RenewalSchedule.boundedRetry(
            RenewalSchedule.backoff(failures++, settings.minBackoff().toNanos(),
                settings.maxBackoff().toNanos(), settings.random()),
            expiry - now,
            settings.minInterval().toNanos());
        long due = pacer.notBefore(now + delay);
        if (due - expiry < 0) {
          at(due, this::renew);
          return;
        }
      }
      end = DoneReason.EXPIRED;
    }
    finish(end);
  }

  private void finish(DoneReason reason) {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
    }
    Listeners.call(() -> listener.onDone(reason));
    done.complete(reason);
  }
}
