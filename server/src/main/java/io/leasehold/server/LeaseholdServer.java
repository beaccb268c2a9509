package io.leasehold.server;

import io.leasehold.client.cli.LeaseholdVersion;
import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.seal.Barrier;
import io.leasehold.server.core.seal.InitResult;
import io.leasehold.server.core.seal.SealManager;
import io.leasehold.server.grpc.GrpcServer;
import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.Clock;
import io.leasehold.server.time.ExecutorScheduler;
import io.leasehold.server.time.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Leasehold server: the composition root that wires storage, the core and the gRPC
 * services together, and owns their lifecycle.
 *
 * <p>The core's storage is the encrypting {@link Barrier} over the backend. The server starts
 * sealed (and, on a new store, not initialized): clients init and unseal it over gRPC.
 *
 * <p>Dev mode ({@link Builder#dev}, the default): initialized with one unseal key and unsealed at
 * start, with a root token minted at init (or the one given by {@link Builder#devRootTokenId}) that
 * is the initial root token: root policy, orphan, path {@code auth/token/root}, never expires, no
 * lease.
 */
public final class LeaseholdServer implements AutoCloseable {
  private static final long SHUTDOWN_GRACE_MILLIS = 10_000;

  private final GrpcServer grpc;
  private final Core core;
  private final SealManager seal;
  private final Storage storage;
  private final ExecutorService slowWork;
  private final ExecutorService callWork;
  private final AutoCloseable ownedScheduler;
  private final String rootToken;
  private final String unsealKey;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LeaseholdServer(GrpcServer grpc, Core core, SealManager seal, Storage storage,
      ExecutorService slowWork, ExecutorService callWork, AutoCloseable ownedScheduler,
      String rootToken, String unsealKey) {
    this.grpc = grpc;
    this.core = core;
    this.seal = seal;
    this.storage = storage;
    this.slowWork = slowWork;
    this.callWork = callWork;
    this.ownedScheduler = ownedScheduler;
    this.rootToken = rootToken;
    this.unsealKey = unsealKey;
  }

  /** Starts building a server. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address the server listens on (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return grpc.address();
  }

  /** The port the server listens on. */
  public int port() {
    return address().getPort();
  }

  /** The root token minted at start (dev mode; null otherwise). */
  public String rootToken() {
    return rootToken;
  }

  /** The single unseal key (dev mode; null otherwise), base64. */
  public String unsealKey() {
    return unsealKey;
  }

  /** The core behind the server (for tests and benchmarks in this JVM). */
  public Core core() {
    return core;
  }

  /** The seal: status, init, unseal, seal (for tests and the server command in this JVM). */
  public SealManager seal() {
    return seal;
  }

  /** Stops accepting calls, lets in-flight calls finish (bounded), releases everything. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      grpc.shutdown(SHUTDOWN_GRACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      core.close();
      // Let background work (a tidy run, a revocation) finish before its storage goes away.
      drain(callWork);
      drain(slowWork);
      try {
        if (ownedScheduler != null) {
          ownedScheduler.close();
        }
      } catch (Exception ignored) {
        // nothing left to do on the way out
      }
      storage.close();
    }
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  private static void drain(ExecutorService pool) {
    if (pool == null) {
      return;
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Options for {@link LeaseholdServer}. */
  public static final class Builder {
    private InetSocketAddress listenAddress = new InetSocketAddress("127.0.0.1", 8200);
    private io.grpc.ServerBuilder<?> serverBuilder;
    private String devRootTokenId;
    private Clock clock = Clock.system();
    private Scheduler scheduler;
    private Storage storage;
    private SystemDefaults defaults = SystemDefaults.vault();
    private long maxSweepSleepMillis = 1000;
    private int callWorkers = 64;
    private int callQueue = 8192;
    private boolean dev = true;
    private String clusterName;

    private Builder() {}

    /**
     * Dev mode (default true): initialize with one unseal key and unseal at start. Without it the
     * server starts sealed and waits for init and unseal over gRPC.
     */
    public Builder dev(boolean dev) {
      this.dev = dev;
      return this;
    }

    /** The configured cluster name; default: the stored one, or a generated one at init. */
    public Builder clusterName(String name) {
      this.clusterName = name;
      return this;
    }

    /** Where to listen; port 0 picks a free one. Default 127.0.0.1:8200. */
    public Builder listenAddress(InetSocketAddress address) {
      this.listenAddress = address;
      return this;
    }

    /** Serve on this transport instead of Netty (tests pass an in-process builder). */
    public Builder serverBuilder(io.grpc.ServerBuilder<?> builder) {
      this.serverBuilder = builder;
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

    /**
     * The storage backend; default in-memory. The server owns it from here: it closes it on
     * {@link LeaseholdServer#close}, or at once if starting fails.
     */
    public Builder storage(Storage storage) {
      this.storage = storage;
      return this;
    }

    /** Server-wide lease defaults; default 768h / 768h. */
    public Builder systemDefaults(SystemDefaults defaults) {
      this.defaults = defaults;
      return this;
    }

    /** Longest the expiry sweeper sleeps when nothing is due sooner; default 1 s. */
    public Builder maxSweepSleepMillis(long millis) {
      this.maxSweepSleepMillis = millis;
      return this;
    }

    /**
     * Threads running calls when the storage blocks (RocksDB), and how many calls may wait for
     * one; default 64 and 8192. Each thread waits on its own commit, so the number of threads is
     * the number of commits that can share one fsync: at least the calls expected in flight. Calls
     * beyond the queue are refused with UNAVAILABLE rather than piling up without bound. Unused
     * with an in-memory store.
     */
    public Builder callWorkers(int threads, int queue) {
      if (threads < 1 || queue < 1) {
        throw new IllegalArgumentException("call workers and queue must be at least 1");
      }
      this.callWorkers = threads;
      this.callQueue = queue;
      return this;
    }

    /** Builds, binds and starts the server. */
    public LeaseholdServer start() throws IOException {
      Storage store = storage != null ? storage : new InMemoryStorage();
      ExecutorScheduler owned = scheduler == null ? new ExecutorScheduler("leasehold-expiry") : null;
      Scheduler sched = scheduler != null ? scheduler : owned;
      ExecutorService slowWork = Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("leasehold-work"));
      ExecutorService callWork = store.blocking()
          ? new ThreadPoolExecutor(callWorkers, callWorkers, 0, TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(callQueue), daemonThreads("leasehold-call"))
          : null;
      Core core = null;
      try {
        Barrier barrier = new Barrier(store);
        SealManager seal = new SealManager(store, barrier, LeaseholdVersion.get(), clusterName);
        core = new Core(barrier, clock, sched, seal, defaults, slowWork, maxSweepSleepMillis);
        seal.attach(core);
        String rootToken = null;
        String unsealKey = null;
        if (dev) {
          InitResult init = seal.initialize(1, 1, Optional.ofNullable(devRootTokenId));
          unsealKey = init.keysBase64().get(0);
          rootToken = init.rootToken();
          seal.unseal(unsealKey);
        }
        GrpcServer grpc = serverBuilder != null
            ? GrpcServer.start(serverBuilder, core, slowWork, callWork, seal)
            : GrpcServer.startNetty(listenAddress, core, slowWork, callWork, seal);
        return new LeaseholdServer(grpc, core, seal, store, slowWork, callWork, owned, rootToken,
            unsealKey);
      } catch (IOException | RuntimeException e) {
        if (core != null) {
          core.close();
        }
        slowWork.shutdownNow();
        if (callWork != null) {
          callWork.shutdownNow();
        }
        if (owned != null) {
          owned.close();
        }
        store.close();
        throw e;
      }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }
}
