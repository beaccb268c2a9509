package io.leasehold.server.storage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A storage that counts the writes its transactions make (puts, deletes, discards), and the
 * entries read (each value a get or getForUpdate finds, each entry a scan returns).
 */
public final class CountingStorage extends ForwardingStorage {
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();

  public CountingStorage(Storage delegate) {
    super(delegate);
  }

  /** Writes so far. */
  public long writes() {
    return writes.get();
  }

  /** Entries read so far. */
  public long reads() {
    return reads.get();
  }

  private Optional<byte[]> read(Optional<byte[]> value) {
    value.ifPresent(v -> reads.incrementAndGet());
    return value;
  }

  private List<KeyValue> read(List<KeyValue> entries) {
    reads.addAndGet(entries.size());
    return entries;
  }

  @Override
  protected Transaction wrap(Transaction tx) {
    return new ForwardingTransaction(tx) {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return read(tx.get(key));
      }

      @Override
      public Optional<byte[]> getForUpdate(byte[] key) {
        return read(tx.getForUpdate(key));
      }

      @Override
      public void put(byte[] key, byte[] value) {
        writes.incrementAndGet();
        tx.put(key, value);
      }

      @Override
      public boolean delete(byte[] key) {
        writes.incrementAndGet();
        return tx.delete(key);
      }

      @Override
      public void discard(byte[] key) {
        writes.incrementAndGet();
        tx.discard(key);
      }

      @Override
      public List<KeyValue> scan(byte[] from, byte[] to, int limit) {
        return read(tx.scan(from, to, limit));
      }
    };
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return read(delegate.get(key));
  }

  @Override
  public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    return read(delegate.scan(fromInclusive, toExclusive, limit));
  }
}
