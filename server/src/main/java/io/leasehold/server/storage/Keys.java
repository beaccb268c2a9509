package io.leasehold.server.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Helpers to build and bound byte-string keys. */
public final class Keys {
  private Keys() {}

  /** A key from readable parts joined as they are (callers include the slashes). */
  public static byte[] of(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Concatenates byte strings. */
  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  /** 8 bytes, big-endian: sorts like the (non-negative) number. */
  public static byte[] longBigEndian(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /** Reads 8 big-endian bytes at {@code offset}. */
  public static long readLong(byte[] key, int offset) {
    return ByteBuffer.wrap(key, offset, Long.BYTES).getLong();
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, for use as an exclusive
   * scan bound; {@code null} (unbounded) when the prefix is all 0xFF bytes.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** Whether {@code key} starts with {@code prefix}. */
  public static boolean hasPrefix(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The key's bytes after {@code prefix}, as UTF-8 text. */
  public static String suffix(byte[] key, byte[] prefix) {
    return new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
  }
}
