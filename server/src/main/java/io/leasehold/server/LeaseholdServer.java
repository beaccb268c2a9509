package io.leasehold.server;

import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.Clock;
import io.leasehold.server.time.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A running Leasehold server: the composition root that wires storage, the core and the gRPC
 * services together, and owns their lifecycle.
 *
 * <p>Dev mode (the only mode until durable storage lands): in-memory storage, initialized with one
 * unseal key and unsealed at start, a root token minted at start (or the one given by
 * {@link Builder#devRootTokenId}).
 */
public final class LeaseholdServer implements AutoCloseable {

  /** Starts building a server. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address the server listens on (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    throw new UnsupportedOperationException("wired in by the composition root");
  }

  /** The port the server listens on. */
  public int port() {
    return address().getPort();
  }

  /** The root token minted at start (dev mode). */
  public String rootToken() {
    throw new UnsupportedOperationException();
  }

  /** The single unseal key (dev mode), base64. */
  public String unsealKey() {
    throw new UnsupportedOperationException();
  }

  /** Stops accepting calls, lets in-flight calls finish (bounded), releases everything. Idempotent. */
  @Override
  public void close() {}

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {}

  /** Options for {@link LeaseholdServer}. */
  public static final class Builder {
    private InetSocketAddress listenAddress = new InetSocketAddress("127.0.0.1", 8200);
    private String devRootTokenId;
    private Clock clock = Clock.system();
    private Scheduler scheduler;
    private Storage storage;

    private Builder() {}

    /** Where to listen; port 0 picks a free one. Default 127.0.0.1:8200. */
    public Builder listenAddress(InetSocketAddress address) {
      this.listenAddress = address;
      return this;
    }

    /** Use this ID for the dev root token instead of a random one. */
    public Builder devRootTokenId(String id) {
      this.devRootTokenId = id;
      return this;
    }

    /** The time source (tests pass a fake). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The scheduler driving expiry (tests pass a fake driven by the fake clock). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** The storage backend; default in-memory. */
    public Builder storage(Storage storage) {
      this.storage = storage;
      return this;
    }

    /** Builds, binds and starts the server. */
    public LeaseholdServer start() throws IOException {
      throw new UnsupportedOperationException("not yet");
    }
  }
}
