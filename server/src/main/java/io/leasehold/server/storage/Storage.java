package io.leasehold.server.storage;

import java.util.List;
import java.util.Optional;

/**
 * An ordered, transactional key-value store: the one place Leasehold keeps state.
 *
 * <p>Keys are byte strings compared as unsigned bytes, with a readable layout
 * ({@code token/id/<hash>}, {@code expire/<8-byte deadline>/<hash>}, ...). Every backend
 * (in-memory, RocksDB, PostgreSQL) passes the same contract suite.
 *
 * <p>Consistency: a {@link #transact} either applies all its writes or none; reads inside it see
 * its own writes. Outside a transaction, {@link #get} and {@link #scan} see only committed data,
 * and one {@link #scan} sees a commit entirely or not at all (two separate reads may straddle one).
 *
 * <p>Arrays are copied at the boundary: changing an array after passing it in, or one that was
 * returned, never changes what is stored. Keys and values must not be {@code null}
 * ({@link NullPointerException}). After {@link #close}, every other method throws
 * {@link IllegalStateException}.
 */
public interface Storage extends AutoCloseable {

  /**
   * Runs {@code work} in a transaction and commits it. If the backend detects a conflict with a
   * concurrent transaction, the work is run again from the start, so it must not have side effects
   * outside the transaction. An exception thrown by {@code work} aborts the transaction (nothing is
   * written) and is rethrown unchanged. A work that keeps throwing {@link StorageConflictException}
   * is retried a bounded number of times, then that exception is rethrown.
   *
   * <p>The {@link Transaction} is valid only inside {@code work}, on the calling thread; using it
   * afterwards throws {@link IllegalStateException}.
   *
   * @return what {@code work} returned
   * @throws IllegalStateException if the calling thread is already inside a transaction of this
   *     storage (nesting would deadlock or commit the inner writes before the outer ones)
   */
  <T> T transact(Transaction.Work<T> work);

  /**
   * As {@link #transact}, atomic and isolated alike, but the commit need not be durable when this
   * returns: it becomes durable with the next durable commit of any transaction (commits are
   * durable in order), and a crash before that may lose it whole. Only for work that a durable
   * record redoes after a crash: the intermediate batches of a revocation, whose record is
   * deleted by a final durable commit. By default, the same as {@link #transact}.
   */
  default <T> T transactDeferred(Transaction.Work<T> work) {
    return transact(work);
  }

  /** Reads one committed value. */
  Optional<byte[]> get(byte[] key);

  /**
   * Reads committed entries with {@code fromInclusive <= key < toExclusive} in key order, at most
   * {@code limit} of them. A {@code null} bound means unbounded on that side; a range with
   * {@code fromInclusive >= toExclusive} is empty. For a prefix, scan
   * {@code (prefix, Keys.prefixEnd(prefix))}.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit);

  /** The backend's name as shown by seal status ({@code inmem}, {@code rocksdb}, ...). */
  String type();

  /**
   * Whether calls may block the calling thread on disk or network I/O (fsync, a page not cached,
   * a database round trip). The gRPC layer runs calls on a worker pool, not on its event loop,
   * when this is true. Decorators return what their delegate returns. Default {@code false}: an
   * in-memory store answers at once.
   */
  default boolean blocking() {
    return false;
  }

  /** Releases the backend's resources. Idempotent. */
  @Override
  void close();
}
