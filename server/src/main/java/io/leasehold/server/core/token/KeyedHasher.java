package io.leasehold.server.core.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256 with a per-cluster salt) of token IDs and accessors: what storage keys
 * are made of, so that reading storage never reveals a usable token. Thread-safe.
 */
public final class KeyedHasher {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  /** A hasher keyed by {@code salt} (at least 32 random bytes, kept secret in storage). */
  public KeyedHasher(byte[] salt) {
    if (salt.length < 32) {
      throw new IllegalArgumentException("salt must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(salt.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
    newMac(); // fail fast if the JDK lacks HmacSHA256
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Lower-case hex of HMAC-SHA256(salt, value). */
  public String hash(String value) {
    byte[] digest = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }

}
