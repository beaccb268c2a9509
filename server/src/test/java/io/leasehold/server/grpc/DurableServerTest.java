package io.leasehold.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.RocksDbSettings;
import io.leasehold.server.storage.RocksDbStorage;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a store that blocks: calls leave the transport thread, and state survives a restart. */
final class DurableServerTest {
  private static final RocksDbSettings SMALL = new RocksDbSettings(8L << 20, 4L << 20);

  @TempDir Path dir;

  @Test
  void tokenCreatedBeforeARestart_isFoundAfterIt_withItsPolicies() {
    TokenAuth created;
    try (InProcessLeasehold server = InProcessLeasehold.started(RocksDbStorage.open(dir, SMALL), "root-1")) {
      created = server.tokens("root-1").createToken(CreateTokenRequest.newBuilder()
          .addPolicies("creator").build()).getAuth();
    }

    try (InProcessLeasehold server = InProcessLeasehold.started(RocksDbStorage.open(dir, SMALL), "root-2")) {
      LookupTokenResponse found = server.tokens("root-2").lookupToken(
          LookupTokenRequest.newBuilder().setToken(created.getClientToken()).build());

      assertThat(found.getData().getAccessor()).isEqualTo(created.getAccessor());
      assertThat(found.getData().getPoliciesList()).containsExactly("creator", "default");
      // The first root token was stored too, and still works.
      assertThat(server.tokens("root-1").lookupToken(LookupTokenRequest.newBuilder()
          .setToken(created.getClientToken()).build()).getData().getAccessor())
          .isEqualTo(created.getAccessor());
    }
  }

  @Test
  void withABlockingStore_callsTouchStorageOnlyFromTheCallPool() {
    ThreadRecording store = new ThreadRecording(new InMemoryStorage(), true);
    try (InProcessLeasehold server = InProcessLeasehold.started(store, "root")) {
      store.threads.clear(); // start-up writes run on the starting thread

      server.tokens("root").createToken(CreateTokenRequest.getDefaultInstance());
      server.tokens("root").lookupSelf(io.leasehold.proto.v1.LookupSelfRequest.getDefaultInstance());

      assertThat(store.threads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("leasehold-call-"));
    }
  }

  @Test
  void withAStoreThatNeverBlocks_cheapCallsStayOnTheCallingThread() {
    ThreadRecording store = new ThreadRecording(new InMemoryStorage(), false);
    try (InProcessLeasehold server = InProcessLeasehold.started(store, "root")) {
      store.threads.clear();

      server.tokens("root").lookupSelf(io.leasehold.proto.v1.LookupSelfRequest.getDefaultInstance());

      // In-process with a direct executor, the transport thread is the test's own thread.
      assertThat(store.threads).containsExactly(Thread.currentThread().getName());
    }
  }

  /** Records which threads call the store. */
  private static final class ThreadRecording implements Storage {
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final Storage delegate;
    private final boolean blocking;

    ThreadRecording(Storage delegate, boolean blocking) {
      this.delegate = delegate;
      this.blocking = blocking;
    }

    @Override
    public <T> T transact(Transaction.Work<T> work) {
      threads.add(Thread.currentThread().getName());
      return delegate.transact(work);
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      threads.add(Thread.currentThread().getName());
      return delegate.get(key);
    }

    @Override
    public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
      threads.add(Thread.currentThread().getName());
      return delegate.scan(fromInclusive, toExclusive, limit);
    }

    @Override
    public String type() {
      return delegate.type();
    }

    @Override
    public boolean blocking() {
      return blocking;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
