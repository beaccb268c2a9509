package io.leasehold.server.storage;

import java.util.List;
import java.util.Optional;

/**
 * A storage that hands every call to another one: tests extend it and override only what they
 * watch or change (count, delay, crash, stage a race). Transactions pass through {@link #wrap}.
 */
public abstract class ForwardingStorage implements Storage {
  protected final Storage delegate;

  protected ForwardingStorage(Storage delegate) {
    this.delegate = delegate;
  }

  /** The transaction the work sees; by default the delegate's own. */
  protected Transaction wrap(Transaction tx) {
    return tx;
  }

  @Override
  public <T> T transact(Transaction.Work<T> work) {
    return delegate.transact(tx -> work.run(wrap(tx)));
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

  /** A transaction that hands every call to another one. */
  public static class ForwardingTransaction implements Transaction {
    protected final Transaction tx;

    public ForwardingTransaction(Transaction tx) {
      this.tx = tx;
    }

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
      tx.put(key, value);
    }

    @Override
    public boolean delete(byte[] key) {
      return tx.delete(key);
    }

    @Override
    public void discard(byte[] key) {
      tx.discard(key);
    }

    @Override
    public List<KeyValue> scan(byte[] from, byte[] to, int limit) {
      return tx.scan(from, to, limit);
    }
  }
}
