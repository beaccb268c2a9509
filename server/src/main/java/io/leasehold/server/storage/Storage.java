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
 * its own writes. Outside a transaction, {@link #get} and {@link #scan} see only committed data.
 */
public interface Storage extends AutoCloseable {

  /**
   * Runs {@code work} in a transaction and commits it. If the backend detects a conflict with a
   * concurrent transaction, the work is run again from the start, so it must not have side effects
   * outside the transaction. An exception thrown by {@code work} aborts the transaction (nothing is
   * written) and is rethrown unchanged.
   */
  <T> T transact(Transaction.Work<T> work);

  /** Reads one committed value. */
  Optional<byte[]> get(byte[] key);

  /**
   * Reads committed entries with {@code fromInclusive <= key < toExclusive} in key order, at most
   * {@code limit} of them. A {@code null} bound means unbounded on that side.
   */
  List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit);

  /** The backend's name as shown by seal status ({@code inmem}, {@code rocksdb}, ...). */
  String type();

  /** Releases the backend's resources. Idempotent. */
  @Override
  void close();
}
