package io.leasehold.server.core.seal;

import com.codahale.shamir.Scheme;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unseal keys: the root key split with Shamir's scheme over GF(256) ({@code com.codahale:shamir}),
 * and joined back.
 *
 * <p>Format (Vault's): with a threshold of 1 (one share) the unseal key is the root key itself;
 * otherwise each key is its share followed by one byte, the share's x-coordinate (1..255), so a key
 * carries its own index and keys can be given in any order.
 *
 * <p>Joining never checks the result: any set of well-formed shares joins to <em>some</em> secret.
 * The caller verifies it against the stored keyring ({@link Keyring#open}).
 */
final class UnsealKeys {
  /** Most shares a split can make (x-coordinates are one non-zero byte). */
  static final int MAX_SHARES = 255;

  private UnsealKeys() {}

  /** Splits {@code secret} into {@code shares} keys, any {@code threshold} of which join back. */
  static List<byte[]> split(byte[] secret, int shares, int threshold, SecureRandom random) {
    if (threshold == 1) {
      if (shares != 1) {
        throw new IllegalArgumentException("a threshold of 1 needs exactly 1 share");
      }
      return List.of(secret.clone());
    }
    Map<Integer, byte[]> parts = new Scheme(random, shares, threshold).split(secret);
    List<byte[]> keys = new ArrayList<>(shares);
    for (int x = 1; x <= shares; x++) {
      byte[] y = parts.get(x);
      byte[] key = new byte[y.length + 1];
      System.arraycopy(y, 0, key, 0, y.length);
      key[y.length] = (byte) x;
      keys.add(key);
    }
    return keys;
  }

  /**
   * Joins keys back into a candidate secret: one key is the secret itself; two or more are shares.
   *
   * @throws IllegalArgumentException if the keys cannot be shares of one split: different
   *     lengths, an x-coordinate of 0, or two keys with the same x-coordinate
   */
  static byte[] join(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no keys");
    }
    if (keys.size() == 1) {
      return keys.get(0).clone();
    }
    int length = keys.get(0).length;
    Map<Integer, byte[]> parts = new HashMap<>();
    for (byte[] key : keys) {
      if (key.length != length || length < 2) {
        throw new IllegalArgumentException("keys of different lengths");
      }
      int x = key[length - 1] & 0xFF;
      if (x == 0 || parts.put(x, java.util.Arrays.copyOf(key, length - 1)) != null) {
        throw new IllegalArgumentException("duplicate or invalid share index");
      }
    }
    // The scheme's n and k only matter when splitting; joining uses every part given.
    return new Scheme(new SecureRandom(), MAX_SHARES, parts.size()).join(parts);
  }
}
