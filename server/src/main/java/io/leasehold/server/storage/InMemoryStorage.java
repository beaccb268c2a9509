package io.leasehold.server.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

/**
 * A {@link Storage} held in memory: for dev mode and fast tests. Nothing survives {@link #close}
 * or the process.
 *
 * <p>Transactions run one at a time (one lock, held for the whole of each attempt), which makes
 * {@link Transaction#getForUpdate} trivially correct and costs little because an in-memory
 * transaction takes microseconds. A transaction's writes are buffered and applied on commit, so a
 * transaction whose work throws leaves nothing behind. Reads outside a transaction ({@link #get},
 * {@link #scan}) do not take that lock: they read the concurrent map under an optimistic stamp that
 * a commit invalidates, so they never see half of a commit and, in the common case, never block.
 *
 * <p>Every array crossing the boundary is copied: stored arrays are never seen by callers, so they
 * are never mutated and can be shared between the map and a committing transaction.
 */
public final class InMemoryStorage implements Storage {

  /** How many times {@link #transact} runs a work that keeps throwing a conflict. */
  static final int MAX_ATTEMPTS = 100;

  private static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  /** Marks a key deleted in a transaction's write buffer; compared by identity, never stored. */
  private static final byte[] TOMBSTONE = new byte[0];

  private final ConcurrentSkipListMap<byte[], byte[]> committed = new ConcurrentSkipListMap<>(ORDER);

  /**
   * The same entries as {@link #committed}, hashed: point reads (every request resolves its token
   * by key) take one or two memory accesses instead of a walk down a skip list of millions of
   * keys. Changed together with {@link #committed}, under the same locks.
   */
  private final ConcurrentHashMap<PointKey, byte[]> points = new ConcurrentHashMap<>();

  /**
   * Serializes transactions, and with them every change to {@link #committed}: while a
   * transaction holds it, the committed map cannot change under it.
   */
  private final ReentrantLock txLock = new ReentrantLock();

  /**
   * Makes each commit visible all at once to reads outside transactions: a commit (and close)
   * holds the write lock while it applies; readers validate an optimistic stamp and retry under
   * the read lock if a commit ran meanwhile.
   */
  private final StampedLock publishLock = new StampedLock();

  /** Set once, under both locks. */
  private volatile boolean closed;

  /** An empty store. */
  public InMemoryStorage() {}

  /**
   * {@inheritDoc}
   *
   * <p>Here transactions never conflict with each other (they run one at a time), but a work that
   * throws {@link StorageConflictException} is still run again, up to 100 times
   * in all; then the last exception is rethrown.
   *
   * @throws IllegalStateException if called from inside a transaction on the same thread, or after
   *     {@link #close}
   */
  @Override
  public <T> T transact(Transaction.Work<T> work) {
    Objects.requireNonNull(work, "work");
    if (txLock.isHeldByCurrentThread()) {
      // Reentering would either deadlock (with a non-reentrant lock) or commit the inner writes
      // before the outer transaction decides, breaking its atomicity.
      throw new IllegalStateException("nested transaction: transact called inside a transaction");
    }
    for (int attempt = 1; ; attempt++) {
      txLock.lock();
      try {
        ensureOpen();
        Tx tx = new Tx();
        try {
          T result = work.run(tx);
          tx.commit();
          return result;
        } catch (StorageConflictException e) {
          if (attempt >= MAX_ATTEMPTS) {
            throw e;
          }
        } finally {
          tx.end();
        }
      } finally {
        txLock.unlock();
      }
    }
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Objects.requireNonNull(key, "key");
    long stamp = publishLock.tryOptimisticRead();
    // Checked after taking the stamp: close sets the flag under the write lock, so either we see
    // it here or the stamp fails to validate and we check again under the read lock.
    ensureOpen();
    PointKey point = new PointKey(key);
    byte[] value = points.get(point);
    if (!publishLock.validate(stamp)) {
      stamp = publishLock.readLock();
      try {
        ensureOpen();
        value = points.get(point);
      } finally {
        publishLock.unlockRead(stamp);
      }
    }
    return copyOf(value);
  }

  @Override
  public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    ScanBounds.checkLimit(limit);
    long stamp = publishLock.tryOptimisticRead();
    ensureOpen();
    List<KeyValue> out = scanCommitted(fromInclusive, toExclusive, limit);
    if (!publishLock.validate(stamp)) {
      stamp = publishLock.readLock();
      try {
        ensureOpen();
        out = scanCommitted(fromInclusive, toExclusive, limit);
      } finally {
        publishLock.unlockRead(stamp);
      }
    }
    return out;
  }

  @Override
  public String type() {
    return "inmem";
  }

  /**
   * Drops every entry; later calls throw {@link IllegalStateException}. Waits for a transaction
   * running on another thread to finish first. Idempotent.
   */
  @Override
  public void close() {
    txLock.lock();
    try {
      long stamp = publishLock.writeLock();
      try {
        closed = true;
        committed.clear();
        points.clear();
      } finally {
        publishLock.unlockWrite(stamp);
      }
    } finally {
      txLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("storage is closed");
    }
  }

  private List<KeyValue> scanCommitted(byte[] from, byte[] to, int limit) {
    if (limit == 0 || ScanBounds.isEmptyRange(from, to)) {
      return new ArrayList<>(0);
    }
    List<KeyValue> out = new ArrayList<>(Math.min(limit, 16));
    for (Map.Entry<byte[], byte[]> e : range(committed, from, to).entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(copyOf(e));
    }
    return out;
  }

  /** The entries of {@code map} in {@code [from, to)}; the caller has ruled out an empty range. */
  private static <V> NavigableMap<byte[], V> range(NavigableMap<byte[], V> map, byte[] from, byte[] to) {
    if (from == null) {
      return to == null ? map : map.headMap(to, false);
    }
    return to == null ? map.tailMap(from, true) : map.subMap(from, true, to, false);
  }

  private static Optional<byte[]> copyOf(byte[] value) {
    return value == null ? Optional.empty() : Optional.of(value.clone());
  }

  private static KeyValue copyOf(Map.Entry<byte[], byte[]> e) {
    return new KeyValue(e.getKey().clone(), e.getValue().clone());
  }

  /** A key compared by content, for {@link #points}; never mutated (keys are private copies). */
  private static final class PointKey {
    private final byte[] bytes;
    private final int hash;

    PointKey(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PointKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static <K, V> Map.Entry<K, V> next(Iterator<Map.Entry<K, V>> it) {
    return it.hasNext() ? it.next() : null;
  }

  /**
   * One attempt of a transaction. Lives only while {@link #transact} holds {@link #txLock} for it,
   * so the committed map it reads is stable.
   */
  private final class Tx implements Transaction {
    private final Thread owner = Thread.currentThread();

    /** Buffered writes, created on the first one: read-only transactions allocate nothing. */
    private TreeMap<byte[], byte[]> writes;

    private boolean ended;

    @Override
    public Optional<byte[]> get(byte[] key) {
      Objects.requireNonNull(key, "key");
      checkUsable();
      byte[] value = writes == null ? null : writes.get(key);
      if (value == null) {
        value = points.get(new PointKey(key));
      } else if (value == TOMBSTONE) {
        return Optional.empty();
      }
      return copyOf(value);
    }

    /** As {@link #get}: transactions already run one at a time, so the key is locked. */
    @Override
    public Optional<byte[]> getForUpdate(byte[] key) {
      return get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      checkUsable();
      // The clone of an empty value is a new array, so it can never be mistaken for TOMBSTONE.
      writes().put(key.clone(), value.clone());
    }

    @Override
    public boolean delete(byte[] key) {
      Objects.requireNonNull(key, "key");
      checkUsable();
      byte[] buffered = writes == null ? null : writes.get(key);
      boolean existed =
          buffered == null ? points.containsKey(new PointKey(key)) : buffered != TOMBSTONE;
      if (existed) {
        writes().put(key.clone(), TOMBSTONE);
      }
      return existed;
    }

    @Override
    public void discard(byte[] key) {
      Objects.requireNonNull(key, "key");
      checkUsable();
      // Committing a tombstone for a key that is not there is a no-op, so no read is needed.
      writes().put(key.clone(), TOMBSTONE);
    }

    @Override
    public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
      ScanBounds.checkLimit(limit);
      checkUsable();
      if (writes == null || writes.isEmpty()) {
        return scanCommitted(fromInclusive, toExclusive, limit);
      }
      if (limit == 0 || ScanBounds.isEmptyRange(fromInclusive, toExclusive)) {
        return new ArrayList<>(0);
      }
      // Merge the committed entries with the buffered ones; on equal keys the buffer wins.
      Iterator<Map.Entry<byte[], byte[]>> c =
          range(committed, fromInclusive, toExclusive).entrySet().iterator();
      Iterator<Map.Entry<byte[], byte[]>> w =
          range(writes, fromInclusive, toExclusive).entrySet().iterator();
      Map.Entry<byte[], byte[]> ce = next(c);
      Map.Entry<byte[], byte[]> we = next(w);
      List<KeyValue> out = new ArrayList<>(Math.min(limit, 16));
      while (out.size() < limit && (ce != null || we != null)) {
        int cmp = ce == null ? 1 : we == null ? -1 : ORDER.compare(ce.getKey(), we.getKey());
        if (cmp < 0) {
          out.add(copyOf(ce));
          ce = next(c);
        } else {
          if (we.getValue() != TOMBSTONE) {
            out.add(copyOf(we));
          }
          if (cmp == 0) {
            ce = next(c);
          }
          we = next(w);
        }
      }
      return out;
    }

    private TreeMap<byte[], byte[]> writes() {
      if (writes == null) {
        writes = new TreeMap<>(ORDER);
      }
      return writes;
    }

    private void checkUsable() {
      if (ended) {
        throw new IllegalStateException("transaction has ended");
      }
      if (Thread.currentThread() != owner) {
        // Another thread does not hold txLock, so letting it in would break isolation.
        throw new IllegalStateException("transaction used from a thread other than its own");
      }
      ensureOpen();
    }

    /** Applies the buffered writes in one step as seen by readers outside transactions. */
    void commit() {
      ensureOpen();
      if (writes == null || writes.isEmpty()) {
        return;
      }
      long stamp = publishLock.writeLock();
      try {
        ensureOpen();
        // The buffered arrays are private copies that no caller can reach: store them as they are.
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
          if (e.getValue() == TOMBSTONE) {
            committed.remove(e.getKey());
            points.remove(new PointKey(e.getKey()));
          } else {
            committed.put(e.getKey(), e.getValue());
            points.put(new PointKey(e.getKey()), e.getValue());
          }
        }
      } finally {
        publishLock.unlockWrite(stamp);
      }
    }

    void end() {
      ended = true;
      writes = null;
    }
  }
}
