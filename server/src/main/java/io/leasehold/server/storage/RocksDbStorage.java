package io.leasehold.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.rocksdb.Cache;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TransactionDB;
import org.rocksdb.TransactionDBOptions;
import org.rocksdb.TransactionOptions;
import org.rocksdb.WriteOptions;

/**
 * A durable {@link Storage} in an embedded RocksDB database: the default backend of
 * {@code leasehold server}.
 *
 * <p>Every {@link #transact} is one RocksDB (pessimistic) transaction, committed as one atomic write
 * batch whose WAL record is fsync'd before {@code transact} returns: nothing acknowledged is lost by
 * a crash, and no crash leaves half a transaction. Its writes become visible to others only once
 * they are durable, so no reader ever acts on a state that a crash could take back. Concurrent
 * commits share fsyncs: RocksDB gathers the writers that arrive while a WAL write is in progress
 * into one write group, written and synced once by its leader (group commit). Throughput therefore
 * grows with the number of threads committing at once, which is why the gRPC layer runs calls on a
 * pool when the store blocks (see {@link #blocking}).
 *
 * <p>Why pessimistic, not optimistic: an optimistic commit holds a mutex per key it read for update
 * while it writes and syncs, so creates that all check the same parent token (the usual case: one
 * service minting many tokens) would each wait for the previous one's fsync, and group commit would
 * never form (measured: ~800 creates/s at 64 in flight). Here the parent is read under a shared lock
 * ({@link Transaction#getForShare}), which concurrent creates hold together while a revocation of
 * the parent waits for them.
 *
 * <p>Reads outside a transaction see committed data only; a scan reads from one implicit snapshot,
 * so it sees a commit entirely or not at all. Data lives off the Java heap (memtables and block
 * cache are native), so the heap does not grow with the number of stored keys.
 */
public final class RocksDbStorage implements Storage {

  /** How many times {@link #transact} runs a work that keeps losing conflicts. */
  static final int MAX_ATTEMPTS = 100;

  /** Longest wait for a key locked by another transaction before this one is retried. */
  private static final long LOCK_TIMEOUT_MILLIS = 1_000;

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final TransactionDB db;
  private final List<AutoCloseable> natives;
  private final WriteOptions syncedWrites;
  private final WriteOptions unsyncedWrites;
  private final ReadOptions reads;
  private final TransactionOptions txOptions;

  /** The transaction running on each thread, to refuse nesting and a close from inside one. */
  private final ThreadLocal<RocksDbTransaction> current = new ThreadLocal<>();

  /**
   * Calls using the native handles right now. Close waits for it to drain before freeing them (a
   * use after free would crash the JVM). A LongAdder, not a lock: every call passes here, and 64
   * threads incrementing one shared counter would contend on it.
   */
  private final LongAdder inFlight = new LongAdder();

  private volatile boolean closed;

  private RocksDbStorage(Path directory, TransactionDB db, List<AutoCloseable> natives,
      WriteOptions syncedWrites, WriteOptions unsyncedWrites, ReadOptions reads,
      TransactionOptions txOptions) {
    this.directory = directory;
    this.db = db;
    this.natives = natives;
    this.syncedWrites = syncedWrites;
    this.unsyncedWrites = unsyncedWrites;
    this.reads = reads;
    this.txOptions = txOptions;
  }

  /** Opens (creating if needed) the store in {@code directory} with the default settings. */
  public static RocksDbStorage open(Path directory) {
    return open(directory, RocksDbSettings.defaults());
  }

  /**
   * Opens (creating if needed) the store in {@code directory}. After a crash, opening replays the
   * write-ahead log, so every transaction that returned before the crash is there.
   *
   * @throws StorageIoException if the directory cannot be created or the store cannot be opened
   *     (for instance, another process has it open)
   */
  public static RocksDbStorage open(Path directory, RocksDbSettings settings) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(settings, "settings");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageIoException("cannot create the storage directory " + directory, e);
    }
    List<AutoCloseable> natives = new ArrayList<>();
    try {
      Cache cache = new LRUCache(settings.blockCacheBytes());
      natives.add(cache);
      Options options = settings.toOptions(cache, natives);
      natives.add(options);
      TransactionDBOptions dbOptions = new TransactionDBOptions()
          // A lock wait this long means a deadlock that detection missed or a stuck holder: give
          // up and retry the transaction rather than hold a request thread.
          .setTransactionLockTimeout(LOCK_TIMEOUT_MILLIS);
      natives.add(dbOptions);
      TransactionDB db = TransactionDB.open(options, dbOptions, directory.toString());
      WriteOptions synced = new WriteOptions().setSync(true);
      natives.add(synced);
      WriteOptions unsynced = new WriteOptions().setSync(false);
      natives.add(unsynced);
      ReadOptions reads = new ReadOptions();
      natives.add(reads);
      // Deadlocks (two transactions locking the same keys in opposite orders) are found when the
      // second one waits, and it fails at once with a conflict; transact then runs it again.
      TransactionOptions txOptions = new TransactionOptions()
          .setDeadlockDetect(true)
          .setLockTimeout(LOCK_TIMEOUT_MILLIS);
      natives.add(txOptions);
      // The database is closed first, then the options and cache it used.
      Collections.reverse(natives);
      return new RocksDbStorage(directory, db, natives, synced, unsynced, reads, txOptions);
    } catch (RocksDBException e) {
      closeAll(natives);
      throw new StorageIoException("cannot open the RocksDB store in " + directory + ": "
          + e.getMessage(), e);
    }
  }

  /** The directory the store lives in. */
  public Path directory() {
    return directory;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The commit is synced to the write-ahead log before this returns. A transaction that only
   * read commits nothing and costs no fsync. A work that hits a deadlock or a lock timeout (or
   * throws {@link StorageConflictException} itself) runs again, up to 100 times in all.
   *
   * @throws StorageIoException if the commit cannot be written; then nothing was written
   */
  @Override
  public <T> T transact(Transaction.Work<T> work) {
    return transact(work, syncedWrites);
  }

  /** As {@link #transact}, but the commit is written to the write-ahead log without a sync. */
  @Override
  public <T> T transactDeferred(Transaction.Work<T> work) {
    return transact(work, unsyncedWrites);
  }

  private <T> T transact(Transaction.Work<T> work, WriteOptions writes) {
    Objects.requireNonNull(work, "work");
    if (current.get() != null) {
      throw new IllegalStateException("nested transaction: transact called inside a transaction");
    }
    enter();
    org.rocksdb.Transaction handle = null;
    try {
      for (int attempt = 1; ; attempt++) {
        // Reuses the native transaction across attempts instead of allocating one each time.
        handle = handle == null
            ? db.beginTransaction(writes, txOptions)
            : db.beginTransaction(writes, txOptions, handle);
        RocksDbTransaction tx = new RocksDbTransaction(handle, reads);
        current.set(tx);
        try {
          T result = work.run(tx);
          tx.commit();
          return result;
        } catch (StorageConflictException e) {
          if (attempt >= MAX_ATTEMPTS) {
            throw e;
          }
          backOff(attempt);
        } finally {
          current.remove();
          tx.end();
        }
      }
    } finally {
      if (handle != null) {
        handle.close();
      }
      exit();
    }
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Objects.requireNonNull(key, "key");
    enter();
    try {
      return Optional.ofNullable(db.get(reads, key));
    } catch (RocksDBException e) {
      throw failure("read", e);
    } finally {
      exit();
    }
  }

  @Override
  public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    ScanBounds.checkLimit(limit);
    enter();
    try {
      return RocksDbTransaction.scan(db::newIterator, fromInclusive, toExclusive, limit);
    } finally {
      exit();
    }
  }

  @Override
  public String type() {
    return "rocksdb";
  }

  /** Reads and commits wait for the disk: keep them off threads that must not block. */
  @Override
  public boolean blocking() {
    return true;
  }

  /**
   * Waits for calls in progress on other threads, flushes the memtables (so the next open has no
   * log to replay) and releases the database. Later calls throw {@link IllegalStateException}.
   * Idempotent.
   *
   * @throws IllegalStateException if called from inside a transaction of this storage (it would
   *     wait for itself)
   */
  @Override
  public void close() {
    if (current.get() != null) {
      throw new IllegalStateException("close called inside a transaction");
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      // A call that incremented before seeing the flag is counted here; one after it backs out.
      while (inFlight.sum() > 0) {
        LockSupport.parkNanos(100_000);
      }
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush);
      } catch (RocksDBException e) {
        // Not fatal: everything is in the synced WAL and the next open replays it.
      }
      db.close();
      closeAll(natives);
    }
  }

  private void enter() {
    inFlight.increment();
    if (closed) {
      inFlight.decrement();
      throw new IllegalStateException("storage is closed");
    }
  }

  private void exit() {
    inFlight.decrement();
  }

  /**
   * Waits a random time that doubles with each lost attempt (up to ~1 ms): the other side of a
   * deadlock needs about one fsync to finish, and retrying at once would likely collide again.
   */
  private static void backOff(int attempt) {
    long ceilingNanos = 1_000L << Math.min(attempt, 10);
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceilingNanos / 2, ceilingNanos));
  }

  static StorageIoException failure(String what, RocksDBException e) {
    return new StorageIoException("RocksDB " + what + " failed: " + e.getMessage(), e);
  }

  private static void closeAll(List<AutoCloseable> natives) {
    for (AutoCloseable c : natives) {
      try {
        c.close();
      } catch (Exception ignored) {
        // freeing native memory on the way out; nothing else to do
      }
    }
  }
}
