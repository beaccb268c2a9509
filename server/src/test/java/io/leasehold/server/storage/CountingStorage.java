package io.leasehold.server.storage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A storage that counts the writes its transactions make (puts, deletes, discards). */
public final class CountingStorage implements Storage {
  private final Storage delegate;
  private final AtomicLong writes = new AtomicLong();

  public CountingStorage(Storage delegate) {
    this.delegate = delegate;
  }

  /** Writes so far. */
  public long writes() {
    return writes.get();
  }

  @Override
  public <T> T transact(Transaction.Work<T> work) {
    return delegate.transact(tx -> work.run(new Transaction() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return tx.get(key);
      }

      @Override
      public Optional<byte[]> getForUpdate(byte[] key) {
        return tx.getForUpdate(key);
      }

      @Override
      public Optional<byte[]> getForShare(byte[] key) {
        return tx.getForShare(key);
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
        return tx.scan(from, to, limit);
      }
    }));
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return delegate.get(key);
  }

  @Override
  public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    return delegate.scan(fromInclusive, toExclusive, limit);
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public boolean blocking() {
    return delegate.blocking();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
