package io.leasehold.server.core.token;

import io.leasehold.server.core.expire.DeadlineSignal;
import io.leasehold.server.internal.v1.StoredAccessor;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes token entries with all their indexes. Every write of a token touches the entry
 * and its indexes in the caller's one transaction, so no crash can leave one without the others.
 */
public final class TokenRepository {
  private static final byte[] EMPTY = new byte[0];

  private final Storage storage;
  private final KeyedHasher hasher;
  private final DeadlineSignal deadlines;

  public TokenRepository(Storage storage, KeyedHasher hasher, DeadlineSignal deadlines) {
    this.storage = storage;
    this.hasher = hasher;
    this.deadlines = deadlines;
  }

  /** The storage key hash of a token ID. */
  public String hashOf(String tokenId) {
    return hasher.hash(tokenId);
  }

  /** The storage behind this repository, for transactions spanning several calls. */
  public Storage storage() {
    return storage;
  }

  /** Reads a committed entry. */
  public Optional<TokenEntry> load(String hash) {
    return storage.get(TokenKeys.entry(hash)).map(b -> TokenCodec.decode(hash, b));
  }

  /** Reads an entry inside a transaction. */
  public Optional<TokenEntry> load(Transaction tx, String hash) {
    return tx.get(TokenKeys.entry(hash)).map(b -> TokenCodec.decode(hash, b));
  }

  /** Reads and locks an entry inside a transaction. */
  public Optional<TokenEntry> loadForUpdate(Transaction tx, String hash) {
    return tx.getForUpdate(TokenKeys.entry(hash)).map(b -> TokenCodec.decode(hash, b));
  }

  /**
   * Loads an entry that the transaction depends on but does not change (a new token's parent):
   * it cannot change until the transaction ends, yet other transactions may read it the same way.
   */
  public Optional<TokenEntry> loadForShare(Transaction tx, String hash) {
    return tx.getForShare(TokenKeys.entry(hash)).map(b -> TokenCodec.decode(hash, b));
  }

  /** Whether an entry exists (inside a transaction). */
  public boolean exists(Transaction tx, String hash) {
    return tx.get(TokenKeys.entry(hash)).isPresent();
  }

  /**
   * Whether an entry exists, locking its key until the transaction ends: of two transactions that
   * find it missing and mean to create it, the second waits and then finds the first's.
   */
  public boolean existsLocked(Transaction tx, String hash) {
    return tx.getForUpdate(TokenKeys.entry(hash)).isPresent();
  }

  /** Writes a new entry with its accessor, parent and expiry indexes. */
  public void insert(Transaction tx, TokenEntry e) {
    tx.put(TokenKeys.entry(e.hash()), TokenCodec.encode(e));
    if (!e.accessor().isEmpty()) {
      tx.put(TokenKeys.accessor(hasher.hash(e.accessor())),
          TokenCodec.encodeAccessor(e.hash(), e.accessor()));
    }
    if (!e.orphan()) {
      tx.put(TokenKeys.child(e.parentHash(), e.hash()), EMPTY);
    }
    if (e.expireTimeMillis() > 0) {
      tx.put(TokenKeys.expire(e.expireTimeMillis(), e.hash()), EMPTY);
      deadlines.deadlineWritten(e.expireTimeMillis());
    }
  }

  /** Replaces an entry, moving its expiry and parent indexes if they changed. */
  public void update(Transaction tx, TokenEntry before, TokenEntry after) {
    tx.put(TokenKeys.entry(after.hash()), TokenCodec.encode(after));
    if (before.expireTimeMillis() != after.expireTimeMillis()) {
      if (before.expireTimeMillis() > 0) {
        tx.delete(TokenKeys.expire(before.expireTimeMillis(), before.hash()));
      }
      if (after.expireTimeMillis() > 0) {
        tx.put(TokenKeys.expire(after.expireTimeMillis(), after.hash()), EMPTY);
        deadlines.deadlineWritten(after.expireTimeMillis());
      }
    }
    if (!before.parentHash().equals(after.parentHash())) {
      if (!before.orphan()) {
        tx.delete(TokenKeys.child(before.parentHash(), before.hash()));
      }
      if (!after.orphan()) {
        tx.put(TokenKeys.child(after.parentHash(), after.hash()), EMPTY);
      }
    }
  }

  /** Deletes an entry and all its indexes (not its children's). */
  public void delete(Transaction tx, TokenEntry e) {
    tx.discard(TokenKeys.entry(e.hash()));
    if (!e.accessor().isEmpty()) {
      tx.discard(TokenKeys.accessor(hasher.hash(e.accessor())));
    }
    if (!e.orphan()) {
      tx.discard(TokenKeys.child(e.parentHash(), e.hash()));
    }
    if (e.expireTimeMillis() > 0) {
      tx.discard(TokenKeys.expire(e.expireTimeMillis(), e.hash()));
    }
  }

  /** Up to {@code limit} child hashes of a token, inside a transaction. */
  public List<String> children(Transaction tx, String parentHash, int limit) {
    byte[] prefix = TokenKeys.children(parentHash);
    List<KeyValue> rows = tx.scan(prefix, Keys.prefixEnd(prefix), limit);
    List<String> out = new ArrayList<>(rows.size());
    for (KeyValue kv : rows) {
      out.add(Keys.suffix(kv.key(), prefix));
    }
    return out;
  }

  /** Up to {@code limit} committed child hashes of a token. */
  public List<String> children(String parentHash, int limit) {
    return storage.transact(tx -> children(tx, parentHash, limit));
  }

  /** The accessor index entry for an accessor, if any. */
  public Optional<StoredAccessor> findAccessor(String accessor) {
    return storage.get(TokenKeys.accessor(hasher.hash(accessor))).map(TokenCodec::decodeAccessor);
  }

  /** Removes a dangling accessor index entry. */
  public void deleteAccessorIndex(Transaction tx, String accessor) {
    tx.delete(TokenKeys.accessor(hasher.hash(accessor)));
  }
}
