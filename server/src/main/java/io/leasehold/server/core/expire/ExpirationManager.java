package io.leasehold.server.core.expire;

import io.leasehold.server.core.token.TokenKeys;
import io.leasehold.server.core.token.TokenRevoker;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.Clock;
import io.leasehold.server.time.Scheduler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes tokens when their deadline passes. One task, driven by the injected clock and scheduler,
 * wakes at the earliest deadline in the ordered {@code expire/} index (or after a bound, so writes
 * by other nodes are noticed), revokes everything due in batches, and sleeps again. Nothing is
 * loaded at start: only the first index key is read. A revocation goes ahead only if this sweep
 * removed the index key itself, so two sweepers, or a sweep and an explicit revoke, never revoke
 * the same token twice.
 *
 * <p>Tokens past their deadline are refused by token resolution before the sweep reaches them.
 */
public final class ExpirationManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpirationManager.class);
  static final int BATCH = 256;

  private final Storage storage;
  private final TokenRevoker revoker;
  private final Clock clock;
  private final Scheduler scheduler;
  private final long maxSleepMillis;
  private final Object lock = new Object();
  private Scheduler.Cancellable pending;
  private long nextWakeMillis = Long.MAX_VALUE;
  private boolean sweeping;
  private boolean closed;

  /**
   * @param maxSleepMillis longest the sweeper sleeps when nothing is due sooner
   */
  public ExpirationManager(Storage storage, TokenRevoker revoker, Clock clock, Scheduler scheduler,
      DeadlineSignal signal, long maxSleepMillis) {
    this.storage = storage;
    this.revoker = revoker;
    this.clock = clock;
    this.scheduler = scheduler;
    this.maxSleepMillis = maxSleepMillis;
    signal.listen(this::deadlineWritten);
  }

  /**
   * Finishes interrupted revocations, then arms the sweeper. After {@link #close} (a seal), starts
   * it again.
   */
  public void start() {
    synchronized (lock) {
      closed = false;
    }
    int resumed = revoker.resumePending();
    if (resumed > 0) {
      LOG.info("resumed {} interrupted token revocations", resumed);
    }
    scheduleNext();
  }

  /** Revokes everything due now; returns how many tokens it revoked (not counting subtrees). */
  public int sweepNow() {
    int revoked = 0;
    while (true) {
      long now = clock.millis();
      List<KeyValue> due = storage.scan(TokenKeys.EXPIRE_PREFIX, TokenKeys.expireUpTo(now), BATCH);
      for (KeyValue kv : due) {
        String hash = TokenKeys.expireHash(kv.key());
        boolean begun = storage.transact(tx -> tx.delete(kv.key()) && revoker.beginTree(tx, hash));
        if (begun) {
          revoker.finish(hash);
          revoked++;
        }
      }
      if (due.size() < BATCH) {
        return revoked;
      }
    }
  }

  private void sweepAndReschedule() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      sweeping = true;
      pending = null;
      nextWakeMillis = Long.MAX_VALUE;
    }
    try {
      int n = sweepNow();
      if (n > 0) {
        LOG.debug("expired {} tokens", n);
      }
    } catch (RuntimeException e) {
      if (isClosed()) {
        LOG.debug("expiry sweep stopped by a seal or shutdown", e);
      } else {
        LOG.error("expiry sweep failed; will retry", e);
      }
    } finally {
      synchronized (lock) {
        sweeping = false;
      }
      if (!isClosed()) {
        scheduleNext();
      }
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private void scheduleNext() {
    long now = clock.millis();
    long wake = now + maxSleepMillis;
    byte[] end = Keys.prefixEnd(TokenKeys.EXPIRE_PREFIX);
    List<KeyValue> first = storage.scan(TokenKeys.EXPIRE_PREFIX, end, 1);
    if (!first.isEmpty()) {
      wake = Math.min(wake, TokenKeys.expireDeadline(first.get(0).key()));
    }
    armAt(wake);
  }

  private void deadlineWritten(long deadlineMillis) {
    armAt(deadlineMillis);
  }

  /** Makes sure the sweeper wakes no later than {@code wakeMillis}. */
  private void armAt(long wakeMillis) {
    synchronized (lock) {
      if (closed || sweeping || wakeMillis >= nextWakeMillis) {
        return;
      }
      if (pending != null) {
        pending.cancel();
      }
      nextWakeMillis = wakeMillis;
      pending = scheduler.schedule(this::sweepAndReschedule,
          Math.max(0, wakeMillis - clock.millis()));
    }
  }

  /** Stops the sweeper (at seal or shutdown); {@link #start} starts it again. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      nextWakeMillis = Long.MAX_VALUE;
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
    }
  }
}
