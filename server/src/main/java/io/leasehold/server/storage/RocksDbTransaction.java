package io.leasehold.server.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;

/**
 * One attempt of a {@link RocksDbStorage} transaction: a RocksDB pessimistic transaction, whose
 * writes are buffered in an indexed write batch (so its reads and scans see them) and applied as
 * one atomic, synced write batch on commit.
 *
 * <p>Locks: {@link #getForUpdate}, {@link #put}, {@link #delete} and {@link #discard} lock their key
 * exclusively and {@link #getForShare} shared, until the transaction ends. So two read-modify-writes
 * of a key run one after the other, and of two deletes of one key only one reports that it existed.
 * A lock that cannot be had (deadlock, timeout) throws {@link StorageConflictException}, and
 * {@link RocksDbStorage#transact} runs the work again.
 */
final class RocksDbTransaction implements Transaction {
  private final org.rocksdb.Transaction tx;
  private final ReadOptions reads;
  private final Thread owner = Thread.currentThread();
  private boolean wrote;
  private boolean committed;
  private boolean ended;

  RocksDbTransaction(org.rocksdb.Transaction tx, ReadOptions reads) {
    this.tx = tx;
    this.reads = reads;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    try {
      return Optional.ofNullable(tx.get(reads, key));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public Optional<byte[]> getForUpdate(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    return Optional.ofNullable(readLocked(key, true));
  }

  /** A shared lock: concurrent readers of the key proceed together; a writer waits for them. */
  @Override
  public Optional<byte[]> getForShare(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    return Optional.ofNullable(readLocked(key, false));
  }

  @Override
  public void put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    checkUsable();
    try {
      // JNI copies both arrays into the native batch, so later changes to them change nothing.
      tx.put(key, value);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
    wrote = true;
  }

  @Override
  public boolean delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    // Locked before it is read: a concurrent delete of the same key waits for this one and then
    // finds it gone, so "it existed" is reported once (the expiry sweep relies on it).
    if (readLocked(key, true) == null) {
      return false;
    }
    try {
      tx.delete(key);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
    wrote = true;
    return true;
  }

  /**
   * A blind delete: no read. The key is still locked, so that a transaction in the middle of a
   * read-modify-write of it cannot write it back after this delete commits.
   */
  @Override
  public void discard(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    try {
      tx.delete(key);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
    wrote = true;
  }

  @Override
  public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    ScanBounds.checkLimit(limit);
    checkUsable();
    // Merges the committed data with this transaction's own buffered writes and deletes.
    return scan(tx::getIterator, fromInclusive, toExclusive, limit);
  }

  /**
   * Reads up to {@code limit} entries in {@code [from, to)} from an iterator that {@code open}
   * makes, one at a time: a scan never holds more than what it returns. The caller has checked the
   * limit.
   */
  static List<KeyValue> scan(Function<ReadOptions, RocksIterator> open, byte[] from, byte[] to,
      int limit) {
    if (limit == 0 || ScanBounds.isEmptyRange(from, to)) {
      return new ArrayList<>(0);
    }
    // The upper bound lets RocksDB stop at the end of the range instead of stepping over what lies
    // beyond it (deleted expire/ keys, say) to find out that nothing more matches.
    try (ReadOptions options = new ReadOptions();
        Slice upper = to == null ? null : new Slice(to)) {
      if (upper != null) {
        options.setIterateUpperBound(upper);
      }
      try (RocksIterator it = open.apply(options)) {
        return collect(it, from, to, limit);
      }
    }
  }

  private static List<KeyValue> collect(RocksIterator it, byte[] from, byte[] to, int limit) {
    if (from == null) {
      it.seekToFirst();
    } else {
      it.seek(from);
    }
    List<KeyValue> out = new ArrayList<>(Math.min(limit, 16));
    while (out.size() < limit && it.isValid()) {
      byte[] key = it.key();
      // The upper bound is also set on the iterator; this check keeps the contract exact whatever
      // the iterator does with it.
      if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
        break;
      }
      out.add(new KeyValue(key, it.value()));
      it.next();
    }
    try {
      it.status();
    } catch (RocksDBException e) {
      throw RocksDbStorage.failure("scan", e);
    }
    return out;
  }

  /**
   * Commits the buffered writes as one synced write batch. A transaction that wrote nothing has
   * nothing to make durable and skips the write path (and its fsync) altogether.
   */
  void commit() {
    if (!wrote) {
      return;
    }
    try {
      tx.commit();
    } catch (RocksDBException e) {
      throw failure("commit", e);
    }
    committed = true;
  }

  /**
   * Releases the locks and discards whatever was not committed; later calls throw
   * {@link IllegalStateException}.
   */
  void end() {
    ended = true;
    if (!committed) {
      try {
        tx.rollback();
      } catch (RocksDBException e) {
        throw failure("rollback", e);
      }
    }
  }

  private byte[] readLocked(byte[] key, boolean exclusive) {
    try {
      return tx.getForUpdate(reads, key, exclusive);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /**
   * A lock that could not be had (a deadlock found, a timeout) or a busy write is a conflict,
   * retried by {@link RocksDbStorage#transact}; anything else is an I/O failure.
   */
  private static RuntimeException failure(String what, RocksDBException e) {
    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
    if (code == Status.Code.Busy || code == Status.Code.TimedOut || code == Status.Code.TryAgain) {
      return new StorageConflictException(what + " conflict: " + e.getMessage());
    }
    return RocksDbStorage.failure(what, e);
  }

  private void checkUsable() {
    if (ended) {
      throw new IllegalStateException("transaction has ended");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("transaction used from a thread other than its own");
    }
  }
}
