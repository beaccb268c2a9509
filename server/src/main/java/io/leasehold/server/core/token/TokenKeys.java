package io.leasehold.server.core.token;

import io.leasehold.server.storage.Keys;
import java.nio.charset.StandardCharsets;

/**
 * The storage layout of tokens. Every token and accessor appears only as a keyed hash.
 *
 * <pre>
 * token/id/&lt;hash&gt;                      the entry (StoredToken)
 * token/accessor/&lt;accessor hash&gt;       accessor index (StoredAccessor)
 * token/parent/&lt;parent&gt;/&lt;child&gt;       child index, empty value
 * expire/&lt;deadline ms, 8 bytes BE&gt;/&lt;hash&gt;  expiry index, empty value
 * revoke/&lt;hash&gt;                        a tree revocation that has begun and must finish
 * </pre>
 */
public final class TokenKeys {
  private TokenKeys() {}

  public static final byte[] ENTRY_PREFIX = Keys.of("token/id/");
  public static final byte[] ACCESSOR_PREFIX = Keys.of("token/accessor/");
  public static final byte[] PARENT_PREFIX = Keys.of("token/parent/");
  public static final byte[] EXPIRE_PREFIX = Keys.of("expire/");
  public static final byte[] REVOKE_PREFIX = Keys.of("revoke/");

  public static byte[] entry(String hash) {
    return Keys.of("token/id/" + hash);
  }

  public static byte[] accessor(String accessorHash) {
    return Keys.of("token/accessor/" + accessorHash);
  }

  public static byte[] children(String parentHash) {
    return Keys.of("token/parent/" + parentHash + "/");
  }

  public static byte[] child(String parentHash, String childHash) {
    return Keys.of("token/parent/" + parentHash + "/" + childHash);
  }

  public static byte[] expire(long deadlineMillis, String hash) {
    return Keys.concat(EXPIRE_PREFIX, Keys.longBigEndian(deadlineMillis), Keys.of("/" + hash));
  }

  /** The first key after every deadline up to and including {@code deadlineMillis}. */
  public static byte[] expireUpTo(long deadlineMillis) {
    return Keys.concat(EXPIRE_PREFIX, Keys.longBigEndian(deadlineMillis + 1));
  }

  /** The deadline of an expiry key. */
  public static long expireDeadline(byte[] key) {
    return Keys.readLong(key, EXPIRE_PREFIX.length);
  }

  /** The token hash of an expiry key. */
  public static String expireHash(byte[] key) {
    int start = EXPIRE_PREFIX.length + Long.BYTES + 1; // prefix, deadline, '/'
    return new String(key, start, key.length - start, StandardCharsets.UTF_8);
  }

  public static byte[] revoke(String hash) {
    return Keys.of("revoke/" + hash);
  }
}
