package io.leasehold.server.storage;

import java.util.List;
import java.util.Optional;

/**
 * The operations available inside {@link Storage#transact}. Not thread-safe; used by one thread,
 * and only until the work returns. Writes become visible to others only when the transaction
 * commits. The copying and {@code null} rules of {@link Storage} apply.
 */
public interface Transaction {

  /** Reads a value, seeing this transaction's own writes. */
  Optional<byte[]> get(byte[] key);

  /**
   * Reads a value and locks the key until the transaction ends, so that two transactions that both
   * read-modify-write the key run one after the other (this is how a token's use is spent once).
   */
  Optional<byte[]> getForUpdate(byte[] key);

  /**
   * Reads a value and keeps the key from being changed by another transaction until this one ends,
   * without excluding other transactions that do the same: for a key this transaction depends on
   * but does not change. A new token reads its parent this way, so that a revocation of the parent
   * cannot slip in between, while many children of one parent are created at once. Backends
   * without shared locks lock the key exclusively, as {@link #getForUpdate} does (the default).
   * Use {@link #getForUpdate} for a key the transaction may write: two shared holders that both
   * upgrade deadlock (one of them is then retried).
   */
  default Optional<byte[]> getForShare(byte[] key) {
    return getForUpdate(key);
  }

  /** Writes a value. */
  void put(byte[] key, byte[] value);

  /** Deletes a key; returns whether it existed (as seen by this transaction). */
  boolean delete(byte[] key);

  /**
   * Deletes a key without finding out whether it existed. Backends override this to skip the read
   * that {@link #delete} needs (a blind delete in a write batch), which matters when removing many
   * keys at once, as tree revocation does.
   */
  default void discard(byte[] key) {
    delete(key);
  }

  /** As {@link Storage#scan}, but seeing this transaction's own writes and deletes. */
  List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit);

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Transaction tx);
  }
}
