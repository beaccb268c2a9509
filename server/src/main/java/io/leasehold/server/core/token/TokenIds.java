package io.leasehold.server.core.token;

import java.security.SecureRandom;

/** Generates token IDs ({@code s.} + 24 base62) and accessors (24 base62) from a CSPRNG. */
public final class TokenIds {
  /** Prefix of generated service token IDs. */
  public static final String SERVICE_PREFIX = "s.";

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LENGTH = 24;

  private final SecureRandom random;

  public TokenIds(SecureRandom random) {
    this.random = random;
  }

  /** A new service token ID. */
  public String newServiceTokenId() {
    return SERVICE_PREFIX + base62();
  }

  /** A new accessor. */
  public String newAccessor() {
    return base62();
  }

  private String base62() {
    // One call to the CSPRNG per ID: draw bytes and keep those below 248 (= 4 * 62), so that
    // byte % 62 is uniform; about 3% are dropped, refilled in the rare case they run out.
    char[] out = new char[LENGTH];
    byte[] pool = new byte[LENGTH + 8];
    int used = pool.length;
    for (int i = 0; i < LENGTH; ) {
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
