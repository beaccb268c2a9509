package io.leasehold.server.storage;

import java.util.List;
import java.util.function.Consumer;

/** Walks every committed key under a prefix in pages, never holding more than one page. */
public final class Scans {
  private Scans() {}

  /** Calls {@code action} for each entry whose key starts with {@code prefix}, in key order. */
  public static void forEach(Storage storage, byte[] prefix, int pageSize,
      Consumer<KeyValue> action) {
    byte[] from = prefix;
    byte[] end = Keys.prefixEnd(prefix);
    while (true) {
      List<KeyValue> rows = storage.scan(from, end, pageSize);
      rows.forEach(action);
      if (rows.size() < pageSize) {
        return;
      }
      from = Keys.concat(rows.get(rows.size() - 1).key(), new byte[] {0});
    }
  }
}
