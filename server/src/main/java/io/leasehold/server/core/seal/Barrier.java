package io.leasehold.server.core.seal;

import com.google.crypto.tink.Aead;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The encrypting barrier: a {@link Storage} in front of the physical one that encrypts every value
 * with the {@link Keyring}'s current term (Tink AES-256-GCM), with the value's key as associated
 * data, so a value copied to another key does not decrypt. Keys are stored as given (the core
 * already keys tokens by keyed hash), so ordering and scans are unchanged.
 *
 * <p>Value format: Tink's 5-byte header (version byte, then the term as a 4-byte big-endian key
 * ID), the 12-byte nonce, the ciphertext and the 16-byte tag.
 *
 * <p>While sealed (no keyring in memory) every operation fails SEALED. Keys under {@code core/} are
 * the barrier's own (the encrypted keyring, the seal configuration), outside the encrypted space:
 * callers of the barrier cannot read or write them, and scans skip them.
 */
public final class Barrier implements Storage {
  /** Physical keys of the seal itself, never encrypted by the barrier. */
  static final byte[] RESERVED_PREFIX = Keys.of("core/");
  private static final byte[] RESERVED_END = Keys.prefixEnd(RESERVED_PREFIX);
  /** Where the keyring lives, encrypted by the root key. */
  static final byte[] KEYRING_KEY = Keys.of("core/keyring");

  /** Keys whose last decryption is remembered (a few megabytes at most). */
  static final int MEMO_CAPACITY = 8192;

  private final Storage physical;
  private final DecryptMemo memo = new DecryptMemo(MEMO_CAPACITY);
  private volatile Keyring keyring;

  /** A sealed barrier over {@code physical}. */
  public Barrier(Storage physical) {
    this.physical = physical;
  }

  /** Whether the barrier has no keys in memory. */
  public boolean isSealed() {
    return keyring == null;
  }

  /**
   * Unseals with a keyring already in memory (at init, before it is stored; tests).
   */
  public void unseal(Keyring keys) {
    this.keyring = keys;
  }

  /**
   * Opens the stored keyring with a candidate root key and unseals.
   *
   * @throws LeaseholdException INVALID_ARGUMENT "Unseal failed, invalid key" if the key does not
   *     open the keyring; FAILED_PRECONDITION if there is no keyring (not initialized)
   */
  void unsealWithRootKey(byte[] candidateRootKey) {
    byte[] stored = physical.get(KEYRING_KEY).orElseThrow(SealManager::notInitialized);
    try {
      this.keyring = Keyring.open(stored, candidateRootKey);
    } catch (Keyring.InvalidRootKeyException e) {
      throw invalidKey();
    }
  }

  /** Whether {@code candidate} is the root key of the unsealed keyring. */
  boolean isRootKey(byte[] candidate) {
    return current().hasRootKey(candidate);
  }

  /** Writes the keyring in memory to storage, encrypted by its root key. */
  void storeKeyring(Transaction physicalTx) {
    physicalTx.put(KEYRING_KEY, current().encrypted());
  }

  /** The keyring in memory (unsealed only). */
  Keyring keyring() {
    return current();
  }

  /** Forgets the keys: from now on everything fails SEALED until the next unseal. */
  public void seal() {
    this.keyring = null;
    memo.clear();
  }

  /**
   * Adds a term to the keyring, stores it, and encrypts new values with it; values written under
   * older terms stay readable.
   *
   * @return the new term
   */
  public int rotate() {
    synchronized (this) {
      Keyring next = current().rotate();
      physical.transact(tx -> {
        tx.put(KEYRING_KEY, next.encrypted());
        return null;
      });
      this.keyring = next;
      return next.term();
    }
  }

  /** The current term (unsealed only). */
  public int term() {
    return current().term();
  }

  static LeaseholdException invalidKey() {
    return LeaseholdException.invalid("INVALID_UNSEAL_KEY", "Unseal failed, invalid key");
  }

  private Keyring current() {
    Keyring k = keyring;
    if (k == null) {
      throw LeaseholdException.sealed();
    }
    return k;
  }

  // ---- Storage ------------------------------------------------------------------------------

  @Override
  public <T> T transact(Transaction.Work<T> work) {
    Aead aead = current().aead();
    return physical.transact(tx -> work.run(new Sealed(tx, aead, memo)));
  }

  @Override
  public <T> T transactDeferred(Transaction.Work<T> work) {
    Aead aead = current().aead();
    return physical.transactDeferred(tx -> work.run(new Sealed(tx, aead, memo)));
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Aead aead = current().aead();
    checkKey(key);
    return physical.get(key).map(v -> decryptPoint(aead, memo, key, v));
  }

  @Override
  public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    Aead aead = current().aead();
    return decryptAll(aead, outsideReserved(physical::scan, fromInclusive, toExclusive, limit));
  }

  @Override
  public String type() {
    return physical.type();
  }

  /** As the physical storage: encryption never blocks, the store underneath may. */
  @Override
  public boolean blocking() {
    return physical.blocking();
  }

  /** Closes the physical storage. */
  @Override
  public void close() {
    physical.close();
  }

  /** A transaction of the physical storage seen through the barrier. */
  private static final class Sealed implements Transaction {
    private final Transaction tx;
    private final Aead aead;
    private final DecryptMemo memo;

    Sealed(Transaction tx, Aead aead, DecryptMemo memo) {
      this.tx = tx;
      this.aead = aead;
      this.memo = memo;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      checkKey(key);
      return tx.get(key).map(v -> decryptPoint(aead, memo, key, v));
    }

    @Override
    public Optional<byte[]> getForUpdate(byte[] key) {
      checkKey(key);
      return tx.getForUpdate(key).map(v -> decryptPoint(aead, memo, key, v));
    }

    @Override
    public Optional<byte[]> getForShare(byte[] key) {
      checkKey(key);
      return tx.getForShare(key).map(v -> decryptPoint(aead, memo, key, v));
    }

    @Override
    public void put(byte[] key, byte[] value) {
      checkKey(key);
      tx.put(key, encrypt(aead, key, value));
    }

    @Override
    public boolean delete(byte[] key) {
      checkKey(key);
      return tx.delete(key);
    }

    @Override
    public void discard(byte[] key) {
      checkKey(key);
      tx.discard(key);
    }

    @Override
    public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
      return decryptAll(aead, outsideReserved(tx::scan, fromInclusive, toExclusive, limit));
    }
  }

  /** A scan of one range. */
  @FunctionalInterface
  private interface RangeScan {
    List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit);
  }

  /** Scans {@code [from, to)} minus the reserved range, in order, at most {@code limit} entries. */
  private static List<KeyValue> outsideReserved(RangeScan scan, byte[] from, byte[] to,
      int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    boolean touchesBelow = from == null || Arrays.compareUnsigned(from, RESERVED_PREFIX) < 0;
    boolean touchesAbove = to == null || Arrays.compareUnsigned(to, RESERVED_END) > 0;
    boolean overlapsReserved = (from == null || Arrays.compareUnsigned(from, RESERVED_END) < 0)
        && (to == null || Arrays.compareUnsigned(to, RESERVED_PREFIX) > 0);
    if (!overlapsReserved) {
      return scan.scan(from, to, limit);
    }
    List<KeyValue> out = new ArrayList<>();
    if (touchesBelow) {
      out.addAll(scan.scan(from, RESERVED_PREFIX, limit));
    }
    if (touchesAbove && out.size() < limit) {
      out.addAll(scan.scan(RESERVED_END, to, limit - out.size()));
    }
    return out;
  }

  private static List<KeyValue> decryptAll(Aead aead, List<KeyValue> entries) {
    List<KeyValue> out = new ArrayList<>(entries.size());
    for (KeyValue kv : entries) {
      out.add(new KeyValue(kv.key(), decrypt(aead, kv.key(), kv.value())));
    }
    return out;
  }

  private static void checkKey(byte[] key) {
    if (Keys.hasPrefix(key, RESERVED_PREFIX)) {
      throw new IllegalArgumentException("keys under core/ belong to the barrier");
    }
  }

  private static byte[] encrypt(Aead aead, byte[] key, byte[] value) {
    try {
      return aead.encrypt(value, key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a value", e);
    }
  }

  /** A point read's value: from the memo when these exact bytes were opened before. */
  private static byte[] decryptPoint(Aead aead, DecryptMemo memo, byte[] key, byte[] stored) {
    byte[] known = memo.find(key, stored);
    if (known != null) {
      return known;
    }
    byte[] plain = decrypt(aead, key, stored);
    memo.remember(key, stored, plain);
    return plain;
  }

  /** How many decryptions are remembered (tests). */
  int memoSize() {
    return memo.size();
  }

  private static byte[] decrypt(Aead aead, byte[] key, byte[] stored) {
    try {
      return aead.decrypt(stored, key);
    } catch (GeneralSecurityException e) {
      // Tampered, moved from another key, or written under a term this keyring lacks.
      throw new IllegalStateException(
          "the value stored at " + Keys.suffix(key, new byte[0]) + " does not decrypt", e);
    }
  }
}
