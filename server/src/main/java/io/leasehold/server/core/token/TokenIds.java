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
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = BASE62[random.nextInt(BASE62.length)];
    }
    return new String(out);
  }
}
