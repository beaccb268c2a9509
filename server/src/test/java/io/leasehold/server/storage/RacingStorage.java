package io.leasehold.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.core.LeaseholdException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stages a race exactly, for tests on a store that runs transactions concurrently (RocksDB; the
 * in-memory store runs them one at a time and cannot show a race): the first time a transaction
 * reads an armed key (in any mode, or a scan starting at it), a racing call starts on another
 * thread, and the transaction goes on only once that call has finished or has been seen to wait
 * {@link #BLOCKED_AFTER_MILLIS}. A transaction that locked the key makes the racing call wait; one
 * that merely read it lets the call commit in between, which is the race under test.
 */
public final class RacingStorage extends ForwardingStorage {
  /**
   * How long a racing call may take before it counts as blocked by the transaction's lock (the
   * correct outcome). Wall-clock on purpose: a lock wait between two real threads, not a lifetime;
   * a racing call that is not blocked commits in a few milliseconds.
   */
  static final long BLOCKED_AFTER_MILLIS = 300;

  private volatile byte[] armedKey;
  private volatile Callable<Object> call;
  private volatile Outcome outcome;
  private volatile boolean fired;

  public RacingStorage(Storage delegate) {
    super(delegate);
  }

  /** Races {@code racingCall} against the next transaction's first read of {@code key}. */
  public Outcome whenRead(byte[] key, Callable<Object> racingCall) {
    Outcome o = new Outcome();
    this.outcome = o;
    this.call = racingCall;
    this.fired = false;
    this.armedKey = key;
    return o;
  }

  /** Whether the armed read happened (the race was staged at all). */
  public boolean fired() {
    return fired;
  }

  /** The racing call's outcome. */
  public static final class Outcome {
    private final AtomicReference<CompletableFuture<Object>> running = new AtomicReference<>();

    /**
     * Waits for the racing call: its result, or empty when it was refused with a
     * {@link LeaseholdException} (the other transaction won) or never started.
     */
    public Optional<Object> settle() throws InterruptedException, TimeoutException {
      CompletableFuture<Object> started = running.get();
      if (started == null) {
        return Optional.empty();
      }
      try {
        return Optional.ofNullable(started.get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        assertThat(e.getCause()).as("refused the proper way").isInstanceOf(LeaseholdException.class);
        return Optional.empty();
      }
    }
  }

  private <V> V afterRead(byte[] key, V value) {
    byte[] armed = armedKey;
    if (armed != null && Arrays.equals(armed, key)) {
      armedKey = null;
      fired = true;
      Callable<Object> racing = call;
      CompletableFuture<Object> started = CompletableFuture.supplyAsync(() -> {
        try {
          return racing.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      outcome.running.set(started);
      try {
        started.get(BLOCKED_AFTER_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException blockedByThisTransaction) {
        // The racing call waits for this transaction's lock.
      } catch (ExecutionException refused) {
        // Seen by the test through the outcome.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return value;
  }

  @Override
  protected Transaction wrap(Transaction tx) {
    return new ForwardingTransaction(tx) {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return afterRead(key, tx.get(key));
      }

      @Override
      public Optional<byte[]> getForUpdate(byte[] key) {
        return afterRead(key, tx.getForUpdate(key));
      }

      @Override
      public Optional<byte[]> getForShare(byte[] key) {
        return afterRead(key, tx.getForShare(key));
      }

      @Override
      public List<KeyValue> scan(byte[] from, byte[] to, int limit) {
        return afterRead(from, tx.scan(from, to, limit));
      }
    };
  }
}
