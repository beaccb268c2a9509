package io.leasehold.server.core.token;

import io.leasehold.server.core.LeaseholdException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256 with a per-cluster salt) of token IDs and accessors: what storage keys
 * are made of, so that reading storage never reveals a usable token. The salt lives behind the
 * barrier: it is loaded at unseal and forgotten at seal, and hashing without it fails SEALED.
 * Thread-safe.
 */
public final class KeyedHasher {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private volatile Keyed keyed;

  /** A hasher without a salt yet: {@link #load} gives it one. */
  public KeyedHasher() {}

  /** A hasher keyed by {@code salt} (at least 32 random bytes, kept secret in storage). */
  public KeyedHasher(byte[] salt) {
    load(salt);
  }

  /** Keys the hasher with {@code salt} (at least 32 random bytes). */
  public void load(byte[] salt) {
    if (salt.length < 32) {
      throw new IllegalArgumentException("salt must be at least 32 bytes");
    }
    Keyed k = new Keyed(new SecretKeySpec(salt.clone(), "HmacSHA256"));
    k.newMac(); // fail fast if the JDK lacks HmacSHA256
    this.keyed = k;
  }

  /** Forgets the salt (at seal). */
  public void forget() {
    this.keyed = null;
  }

  /** Lower-case hex of HMAC-SHA256(salt, value). */
  public String hash(String value) {
    Keyed k = keyed;
    if (k == null) {
      throw LeaseholdException.sealed();
    }
    byte[] digest = k.macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }

  /** One salt and the per-thread MACs keyed with it. */
  private static final class Keyed {
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    Keyed(SecretKeySpec key) {
      this.key = key;
    }

    Mac newMac() {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac;
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
    }
  }
}
