package io.leasehold.server.core.token;

import java.security.SecureRandom;

/** Generates token IDs ({@code s.} + 24 base62) and accessors (24 base62) from a CSPRNG. */
public final class TokenIds {
  /** Prefix of generated service token IDs. */
  public static final String SERVICE_PREFIX = "s.";

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LENGTH = 24;
  /** Characters in a generated service token ID, prefix included. */
  public static final int SERVICE_ID_LENGTH = SERVICE_PREFIX.length() + LENGTH;

  private final SecureRandom random;

  public TokenIds(SecureRandom random) {
    this.random = random;
  }

  /** A new service token ID. */
  public String newServiceTokenId() {
    return SERVICE_PREFIX + randomBase62(LENGTH);
  }

  /** A new accessor. */
  public String newAccessor() {
    return randomBase62(LENGTH);
  }

  /** {@code length} random base62 characters (e.g. a one-time pad as long as a token ID). */
  public String randomBase62(int length) {
    // One call to the CSPRNG per ID: draw bytes and keep those below 248 (= 4 * 62), so that
    // byte % 62 is uniform; about 3% are dropped, refilled in the rare case they run out.
    char[] out = new char[length];
    byte[] pool = new byte[length + 8];
    int used = pool.length;
    for (int i = 0; i < length; ) {
      if (used == pool.length) {
        random.nextBytes(pool);
        used = 0;
      }
      int b = pool[used++] & 0xFF;
      if (b < 248) {
        out[i++] = BASE62[b % 62];
      }
    }
    return new String(out);
  }
}
