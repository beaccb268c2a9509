package io.leasehold.server.storage;

import java.util.Arrays;

/** The argument rules of {@link Storage#scan}, shared by the backends. */
final class ScanBounds {
  private ScanBounds() {}

  static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }

  /** Whether {@code [from, to)} is empty because {@code from >= to} (both bounded). */
  static boolean isEmptyRange(byte[] from, byte[] to) {
    return from != null && to != null && Arrays.compareUnsigned(from, to) >= 0;
  }
}
