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
 * One attempt of a {@link RocksDbStorage} transaction: a RocksDB optimistic transaction, whose
 * writes are buffered in an indexed write batch (so its reads and scans see them) and applied as
 * one atomic, synced write batch on commit.
 *
 * <p>Isolation is optimistic: {@link #getForUpdate} (and {@link #delete}, which reads the key the
 * same way) records the key's version, and commit fails with a conflict if another transaction
 * wrote the key since; {@link RocksDbStorage#transact} then runs the work again. So two
 * read-modify-writes of a key run as if one after the other, and of two deletes of one key only
 * one reports that it existed.
 */
final class RocksDbTransaction implements Transaction {
  private final org.rocksdb.Transaction tx;
  private final ReadOptions reads;
  private final Thread owner = Thread.currentThread();
  private boolean wrote;
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
      throw RocksDbStorage.failure("read", e);
    }
  }

  @Override
  public Optional<byte[]> getForUpdate(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    return Optional.ofNullable(readForUpdate(key));
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
      throw RocksDbStorage.failure("write", e);
    }
    wrote = true;
  }

  @Override
  public boolean delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    // Read for update: a concurrent delete of the same key then conflicts with this one, so
    // "it existed" is reported by one of them only (the expiry sweep relies on it).
    if (readForUpdate(key) == null) {
      return false;
    }
    try {
      tx.delete(key);
    } catch (RocksDBException e) {
      throw RocksDbStorage.failure("write", e);
    }
    wrote = true;
    return true;
  }

  /**
   * A blind delete: no read, and the key is not tracked for conflicts (deleting what a concurrent
   * transaction just wrote is what a later blind delete would do anyway).
   */
  @Override
  public void discard(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    try {
      tx.deleteUntracked(key);
    } catch (RocksDBException e) {
      throw RocksDbStorage.failure("write", e);
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
   *
   * @throws StorageConflictException if a key this transaction read for update, or wrote, was
   *     written by another transaction meanwhile
   */
  void commit() {
    if (!wrote) {
      return;
    }
    try {
      tx.commit();
    } catch (RocksDBException e) {
      Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
      if (code == Status.Code.Busy || code == Status.Code.TryAgain) {
        throw new StorageConflictException("write conflict: " + e.getMessage());
      }
      throw RocksDbStorage.failure("commit", e);
    }
    wrote = false;
  }

  /** Discards whatever was not committed; later calls throw {@link IllegalStateException}. */
  void end() {
    ended = true;
    if (wrote) {
      try {
        tx.rollback();
      } catch (RocksDBException e) {
        throw RocksDbStorage.failure("rollback", e);
      }
    }
  }

  private byte[] readForUpdate(byte[] key) {
    try {
      return tx.getForUpdate(reads, key, true);
    } catch (RocksDBException e) {
      throw RocksDbStorage.failure("read", e);
    }
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
