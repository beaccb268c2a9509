package io.leasehold.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.server.LeaseholdServer;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.server.storage.ForwardingStorage;
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
  private static final long HANG_SECONDS = 30;
  private static final RocksDbSettings SMALL = new RocksDbSettings(8L << 20, 4L << 20);

  @TempDir Path dir;

  @Test
  void tokenCreatedBeforeARestart_isFoundAfterIt_withItsPolicies() {
    TokenAuth created;
    String unsealKey;
    try (InProcessLeasehold server = InProcessLeasehold.started(RocksDbStorage.open(dir, SMALL), "root-1")) {
      created = server.tokens("root-1").createToken(CreateTokenRequest.newBuilder()
          .addPolicies("creator").build()).getAuth();
      unsealKey = server.server().unsealKey();
    }

    try (InProcessLeasehold server = InProcessLeasehold.restarted(RocksDbStorage.open(dir, SMALL), unsealKey)) {
      // The root token of the first start was stored too: it still works.
      LookupTokenResponse found = server.tokens("root-1").lookupToken(
          LookupTokenRequest.newBuilder().setToken(created.getClientToken()).build());

      assertThat(found.getData().getAccessor()).isEqualTo(created.getAccessor());
      assertThat(found.getData().getPoliciesList()).containsExactly("creator", "default");
    }
  }

  @Test
  void withABlockingStore_callsTouchStorageOnlyFromTheCallPool() {
    ThreadRecording store = new ThreadRecording(new InMemoryStorage(), true);
    try (InProcessLeasehold server = InProcessLeasehold.started(store, "root")) {
      store.threads.clear(); // start-up writes run on the starting thread

      server.tokens("root").createToken(CreateTokenRequest.getDefaultInstance());
      server.tokens("root").lookupSelf(LookupSelfRequest.getDefaultInstance());

      assertThat(store.threads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("leasehold-call-"));
    }
  }

  @Test
  void withAStoreThatNeverBlocks_cheapCallsStayOnTheCallingThread() {
    ThreadRecording store = new ThreadRecording(new InMemoryStorage(), false);
    try (InProcessLeasehold server = InProcessLeasehold.started(store, "root")) {
      store.threads.clear();

      server.tokens("root").lookupSelf(LookupSelfRequest.getDefaultInstance());

      // In-process with a direct executor, the transport thread is the test's own thread.
      assertThat(store.threads).containsExactly(Thread.currentThread().getName());
    }
  }

  @Test
  void whenEveryCallWorkerIsBusyAndTheQueueIsFull_furtherCallsAreRefusedWithUnavailable()
      throws Exception {
    ThreadRecording store = new ThreadRecording(new InMemoryStorage(), true);
    String name = "durable-" + UUID.randomUUID();
    LeaseholdServer server = LeaseholdServer.builder()
        .devRootTokenId("root")
        .storage(store)
        .callWorkers(1, 1)
        .serverBuilder(InProcessServerBuilder.forName(name).directExecutor())
        .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      TokenServiceGrpc.TokenServiceFutureStub stub = TokenServiceGrpc.newFutureStub(channel)
          .withInterceptors(InProcessLeasehold.withToken("root"));
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      store.holdReads(entered, release);

      var running = stub.lookupSelf(LookupSelfRequest.getDefaultInstance());
      assertThat(entered.await(HANG_SECONDS, TimeUnit.SECONDS)).as("the worker reached the store").isTrue();
      var queued = stub.lookupSelf(LookupSelfRequest.getDefaultInstance());
      var refused = stub.lookupSelf(LookupSelfRequest.getDefaultInstance());

      assertThatThrownBy(() -> refused.get(HANG_SECONDS, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StatusRuntimeException.class)
          .cause()
          .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
              .isEqualTo(Status.Code.UNAVAILABLE));
      release.countDown();
      assertThat(running.get(HANG_SECONDS, TimeUnit.SECONDS).getData().getPoliciesList())
          .containsExactly("root");
      assertThat(queued.get(HANG_SECONDS, TimeUnit.SECONDS).getData().getPoliciesList())
          .containsExactly("root");
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  /** Records which threads call the store; can hold reads until released. */
  private static final class ThreadRecording extends ForwardingStorage {
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final boolean blocking;
    private volatile CountDownLatch entered;
    private volatile CountDownLatch release;

    /** From now on, each read counts down {@code entered} and waits for {@code release}. */
    void holdReads(CountDownLatch entered, CountDownLatch release) {
      this.entered = entered;
      this.release = release;
    }

    ThreadRecording(Storage delegate, boolean blocking) {
      super(delegate);
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
      if (release != null) {
        entered.countDown();
        try {
          release.await(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return delegate.get(key);
    }

    @Override
    public List<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
      threads.add(Thread.currentThread().getName());
      return delegate.scan(fromInclusive, toExclusive, limit);
    }

    @Override
    public boolean blocking() {
      return blocking;
    }
  }
}
