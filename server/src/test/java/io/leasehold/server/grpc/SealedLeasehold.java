package io.leasehold.server.grpc;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.UnsealRequest;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.LeaseholdServer;
import io.leasehold.server.storage.CountingStorage;
import io.leasehold.server.storage.ForwardingStorage;
import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A server that is not in dev mode (it starts sealed, and uninitialized on a new store) on the
 * in-process transport, over an in-memory store that outlives it, so a test can stop the server
 * and start another one on the same data: a restart.
 */
final class SealedLeasehold implements AutoCloseable {
  final FakeClock clock = new FakeClock(CoreFixture.START);
  /** The physical store, as it would be on disk. */
  final InMemoryStorage disk = new InMemoryStorage();
  private LeaseholdServer server;
  private CountingStorage counting;
  private ManagedChannel channel;

  SealedLeasehold() {
    start();
  }

  /** Starts a server on the store (after {@link #stop}: a restart). */
  void start() {
    String name = "sealed-" + UUID.randomUUID();
    try {
      server = LeaseholdServer.builder()
          .dev(false)
          .clock(clock)
          .scheduler(clock)
          .storage(new Kept(counting = new CountingStorage(disk)))
          .serverBuilder(InProcessServerBuilder.forName(name).directExecutor())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** Stops the server, keeping the store. */
  void stop() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
  }

  LeaseholdServer server() {
    return server;
  }

  /** The current server's reads and writes of the store, since it started. */
  CountingStorage counting() {
    return counting;
  }

  SysServiceGrpc.SysServiceBlockingStub sys() {
    return SysServiceGrpc.newBlockingStub(channel);
  }

  SysServiceGrpc.SysServiceBlockingStub sys(String token) {
    return sys().withInterceptors(InProcessLeasehold.withToken(token));
  }

  TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    return TokenServiceGrpc.newBlockingStub(channel)
        .withInterceptors(InProcessLeasehold.withToken(token));
  }

  InitResponse init(int shares, int threshold) {
    return sys().init(InitRequest.newBuilder().setSecretShares(shares)
        .setSecretThreshold(threshold).build());
  }

  /** Gives the keys in order; returns whether the server is then unsealed. */
  boolean unseal(List<String> keys) {
    boolean sealed = true;
    for (String key : keys) {
      sealed = sys().unseal(UnsealRequest.newBuilder().setKey(key).build()).getSealed();
    }
    return !sealed;
  }

  @Override
  public void close() {
    stop();
    disk.close();
  }

  /** The store with close() ignored: the server closes its storage, the disk stays. */
  private static final class Kept extends ForwardingStorage {
    Kept(Storage disk) {
      super(disk);
    }

    @Override
    public void close() {}
  }
}
