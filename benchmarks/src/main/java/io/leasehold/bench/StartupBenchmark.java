package io.leasehold.bench;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.server.Core;
import io.leasehold.server.LeaseholdServer;
import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.token.TokenEntry;
import io.leasehold.server.core.token.TokenIds;
import io.leasehold.server.core.token.TokenType;
import io.leasehold.server.storage.RocksDbStorage;
import io.leasehold.server.time.Clock;
import io.leasehold.server.time.ExecutorScheduler;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The start-up target of PERFORMANCE.md: with N service tokens stored in RocksDB, the time from
 * opening the store to serving a lookup of one of them, and the heap the running server holds per
 * stored token. Tokens are written straight through the core's repository in large transactions
 * (the same keys and values a create writes), which is far quicker than N creates over gRPC.
 *
 * <p>Heap growth per token compares two started servers in this JVM, each measured after a full GC:
 * one on an empty store (which also warms class loading and the JIT, so the timed start is not a
 * cold JVM's) and one on the full store.
 */
@Command(name = "leasehold-startup", mixinStandardHelpOptions = true,
    description = "Time to serving and heap per stored token with N tokens in a RocksDB store.")
public final class StartupBenchmark implements Callable<Integer> {

  @Option(names = "--tokens", defaultValue = "1000000",
      description = "Service tokens to store. Default: ${DEFAULT-VALUE}.")
  int tokens;

  @Option(names = "--dir", description = "Store directory; reused if it holds the tokens already "
      + "(a file 'bench-token' in it names one). Default: a temporary directory.")
  Path dir;

  @Option(names = "--batch", defaultValue = "2000",
      description = "Tokens per transaction while filling. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--starts", defaultValue = "3",
      description = "Timed starts on the full store (the best and the worst are printed). "
          + "Default: ${DEFAULT-VALUE}.")
  int starts;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StartupBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = new PrintWriter(System.out, true);
    Path store = dir != null ? dir : Files.createTempDirectory("leasehold-startup-");
    Path marker = store.resolve("bench-token");
    String sample;
    if (Files.exists(marker)) {
      sample = Files.readString(marker).trim();
      out.printf(Locale.ROOT, "reusing the store in %s%n", store);
    } else {
      long t0 = System.nanoTime();
      sample = fill(store);
      Files.writeString(marker, sample);
      out.printf(Locale.ROOT, "stored %,d tokens in %s in %.1f s%n", tokens, store,
          (System.nanoTime() - t0) / 1e9);
    }
    Path empty = Files.createTempDirectory("leasehold-startup-empty-");
    Measured baseline = startAndServe(empty, null);
    out.printf(Locale.ROOT, "empty store: serving after %.0f ms; heap after GC %.1f MiB%n",
        baseline.millis, baseline.heapBytes / 1048576.0);
    double best = Double.MAX_VALUE;
    double worst = 0;
    long heap = 0;
    for (int i = 0; i < starts; i++) {
      Measured full = startAndServe(store, sample);
      best = Math.min(best, full.millis);
      worst = Math.max(worst, full.millis);
      heap = full.heapBytes;
      out.printf(Locale.ROOT, "full store, start %d: serving after %.0f ms; heap after GC %.1f MiB%n",
          i + 1, full.millis, full.heapBytes / 1048576.0);
    }
    out.printf(Locale.ROOT, "%n%,d stored tokens: open to serving %.0f ms (best of %d; worst %.0f ms), "
        + "heap growth per stored token %.1f B%n", tokens, best, starts, worst,
        (heap - baseline.heapBytes) / (double) tokens);
    return 0;
  }

  /** Writes the tokens; returns the ID of one of them. */
  private String fill(Path store) throws Exception {
    try (RocksDbStorage storage = RocksDbStorage.open(store);
        ExecutorScheduler scheduler = new ExecutorScheduler("startup-fill")) {
      ExecutorService background = Executors.newSingleThreadExecutor();
      try {
        Core core = new Core(storage, Clock.system(), scheduler, () -> false, SystemDefaults.vault(),
            background, 1000);
        String parent = core.creator.createInitialRoot(Optional.empty()).entry().hash();
        TokenIds ids = new TokenIds(new SecureRandom());
        long now = System.currentTimeMillis();
        long ttl = SystemDefaults.vault().defaultLeaseTtl();
        String sample = null;
        for (int done = 0; done < tokens; ) {
          int n = Math.min(batch, tokens - done);
          String[] batchIds = new String[n];
          for (int i = 0; i < n; i++) {
            batchIds[i] = ids.newServiceTokenId();
          }
          storage.transact(tx -> {
            for (String id : batchIds) {
              core.tokens.insert(tx, new TokenEntry(core.tokens.hashOf(id), ids.newAccessor(), parent,
                  List.of("default"), "auth/token/create", Map.of(), "token", 0, now, ttl, 0, 0, "",
                  true, true, now, now + ttl * 1000, 0, ttl, List.of(), TokenType.SERVICE));
            }
            return null;
          });
          sample = batchIds[n / 2];
          done += n;
          if (done % 100_000 < batch) {
            System.err.printf(Locale.ROOT, "  %,d tokens stored%n", done);
          }
        }
        return sample;
      } finally {
        background.shutdownNow();
      }
    }
  }

  private record Measured(double millis, long heapBytes) {}

  /**
   * Opens the store, starts a server on it and looks up {@code sample} (or, when null, the root
   * token itself) until it answers; then measures the heap with the server still running.
   */
  private static Measured startAndServe(Path store, String sample) throws Exception {
    fullGc();
    long t0 = System.nanoTime();
    LeaseholdServer server = LeaseholdServer.builder()
        .storage(RocksDbStorage.open(store))
        .listenAddress(new InetSocketAddress("127.0.0.1", 0))
        .start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    try {
      Metadata md = new Metadata();
      md.put(Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER),
          server.rootToken());
      TokenServiceGrpc.TokenServiceBlockingStub stub = TokenServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
      String target = sample != null ? sample : server.rootToken();
      while (true) {
        try {
          stub.withDeadlineAfter(5, TimeUnit.SECONDS)
              .lookupToken(LookupTokenRequest.newBuilder().setToken(target).build());
          break;
        } catch (StatusRuntimeException e) {
          if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
            throw new BenchException("the server did not serve the lookup within 30 s: " + e, e);
          }
        }
      }
      double millis = (System.nanoTime() - t0) / 1e6;
      fullGc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Measured(millis, heap);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
  }

  private static void fullGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
  }
}
