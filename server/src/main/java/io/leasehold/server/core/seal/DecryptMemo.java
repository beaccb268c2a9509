package io.leasehold.server.core.seal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the last decryption of recently read keys, so reading a value whose stored bytes have
 * not changed (the policy version, mount settings, a parent token looked up on every request)
 * costs a compare instead of an AES-GCM open. Exact by construction: a hit needs the stored
 * ciphertext to be byte-for-byte the one decrypted before, under the same key (the associated
 * data), so a changed or tampered value always goes through the real decryption.
 *
 * <p>Holds plaintexts, so the barrier {@link #clear}s it when it seals. Bounded: past
 * {@code capacity} entries it starts over, which keeps the hot keys without bookkeeping.
 */
final class DecryptMemo {
  private record Entry(byte[] stored, byte[] plain) {}

  private final int capacity;
  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

  DecryptMemo(int capacity) {
    this.capacity = capacity;
  }

  /** The plaintext decrypted earlier from exactly {@code stored} at {@code key}, or null. */
  byte[] find(byte[] key, byte[] stored) {
    Entry e = entries.get(ByteBuffer.wrap(key));
    return e != null && Arrays.equals(e.stored, stored) ? e.plain.clone() : null;
  }

  /** Records that {@code stored} at {@code key} decrypted to {@code plain}. */
  void remember(byte[] key, byte[] stored, byte[] plain) {
    if (entries.size() >= capacity) {
      entries.clear();
    }
    entries.put(ByteBuffer.wrap(key.clone()), new Entry(stored.clone(), plain.clone()));
  }

  /** Forgets every plaintext. */
  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
