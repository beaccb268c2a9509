package io.leasehold.server.storage;

import java.util.Arrays;

/**
 * One stored entry. The arrays are owned by the caller once returned; backends copy. Equality
 * compares contents, not array identity.
 */
public record KeyValue(byte[] key, byte[] value) {
  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "KeyValue[key=" + Arrays.toString(key) + ", value=" + value.length + " bytes]";
  }
}
