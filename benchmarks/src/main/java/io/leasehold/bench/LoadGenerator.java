package io.leasehold.bench;

import io.leasehold.server.LeaseholdServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Leasehold's load generator (see shared/design/PERFORMANCE.md and benchmarks/README.md): for each
 * concurrency, runs the Health/Check baseline and each operation in a closed loop with exactly N
 * calls in flight, warm-up then a measured run, and prints ops/s, p50/p99/p999 latency, errors and
 * the ratio to the baseline measured in the same run at the same concurrency. Then, optionally,
 * times the revocation of a large token tree.
 */
@Command(
    name = "leasehold-loadgen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Load generator for Leasehold: N calls in flight per operation, figures next to the "
          + "grpc.health.v1.Health/Check baseline measured in the same run at the same concurrency. "
          + "Tables go to stdout, progress to stderr. Exit code 1 when any call failed, 2 when it could not run."
    })
public final class LoadGenerator implements Callable<Integer> {
  static final List<String> LOAD_OPS = List.of("health", "create", "create-batch", "lookup-self",
      "lookup-self-root", "lookup-self-policy50", "lookup-self-batch", "renew", "revoke",
      "approle-login", "approle-login-batch");
  static final String TREE = "tree-revoke";

  @Spec CommandSpec spec;

  @Option(
      names = "--target",
      paramLabel = "HOST:PORT",
      description = "Server to load. Default: start one in this JVM (see --server) on 127.0.0.1, ephemeral port.")
  String target;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Root token for --target (default: $LEASEHOLD_TOKEN). In-process: the dev root token ID to use.")
  String token;

  @Option(
      names = "--server",
      paramLabel = "KIND",
      defaultValue = "leasehold",
      description = "In-process server without --target: leasehold (LeaseholdServer, dev mode) or health-only "
          + "(plain grpc-java server with just the health service: checks the generator, runs only 'health'). "
          + "Default: ${DEFAULT-VALUE}.")
  String server;

  @Option(
      names = "--storage",
      paramLabel = "KIND",
      defaultValue = "inmem",
      description = "Storage of the in-process leasehold server: inmem, rocksdb (a new store in a temporary "
          + "directory, deleted afterwards) or rocksdb:DIR (the store in DIR, kept). Default: ${DEFAULT-VALUE}.")
  String storage;

  @Option(
      names = "--call-workers",
      paramLabel = "N",
      defaultValue = "64",
      description = "In-process server on a blocking store (rocksdb): threads running its calls, i.e. how "
          + "many commits can share one fsync. Default: ${DEFAULT-VALUE}.")
  int callWorkers;

  @Option(
      names = "--ops",
      split = ",",
      paramLabel = "OP",
      defaultValue = "health,create,lookup-self,renew,revoke,tree-revoke",
      description = "Operations: health, create, create-batch, lookup-self, lookup-self-root,"
          + " lookup-self-policy50, lookup-self-batch, renew, revoke, approle-login,"
          + " approle-login-batch, tree-revoke. The health baseline "
          + "always runs when any other load operation does. Default: ${DEFAULT-VALUE}.")
  List<String> ops;

  @Option(
      names = "--concurrency",
      split = ",",
      paramLabel = "N",
      defaultValue = "1,16,64",
      description = "Calls kept in flight; one table per value. Default: ${DEFAULT-VALUE}.")
  List<Integer> concurrency;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Warm-up of each operation, at the highest concurrency, before any measured run. "
          + "Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(
      names = "--rewarm",
      paramLabel = "TIME",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Warm-up at each concurrency right before each measured run. Default: ${DEFAULT-VALUE}.")
  Duration rewarm;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      defaultValue = "8s",
      converter = DurationConverter.class,
      description = "Measured run per operation and concurrency. Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(
      names = "--tree-size",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Tokens in the tree-revoke tree, its root included. Default: ${DEFAULT-VALUE}.")
  int treeSize;

  @Option(
      names = "--side-op",
      paramLabel = "OP",
      defaultValue = "health",
      description = "Side load during tree-revoke: health or lookup-self. Default: ${DEFAULT-VALUE}.")
  String sideOp;

  @Option(
      names = "--side-concurrency",
      paramLabel = "N",
      defaultValue = "4",
      description = "Side load calls in flight during tree-revoke; 0 for none. Default: ${DEFAULT-VALUE}.")
  int sideConcurrency;

  @Option(
      names = "--revoke-pool",
      paramLabel = "N",
      defaultValue = "30000",
      description = "Tokens pre-created for each measured revoke run (a fifth of it for its warm-up). "
          + "Default: ${DEFAULT-VALUE}.")
  int revokePool;

  @Option(
      names = "--renew-pool",
      paramLabel = "N",
      defaultValue = "1024",
      description = "Tokens the renew operation cycles through. Default: ${DEFAULT-VALUE}.")
  int renewPool;

  @Option(
      names = "--setup-concurrency",
      paramLabel = "N",
      defaultValue = "64",
      description = "Calls in flight while pre-creating tokens and the tree. Default: ${DEFAULT-VALUE}.")
  int setupConcurrency;

  @Option(
      names = "--channels",
      paramLabel = "N",
      defaultValue = "1",
      description = "Client connections (each with its own event-loop thread). Default: ${DEFAULT-VALUE}.")
  int channels;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "1",
      description = "Measured runs of every operation at each concurrency, interleaved (health, op, ..., "
          + "health, op, ...). Each round's ratio is against that round's baseline; the table shows the "
          + "median round and the range of ratios, which keeps drift on a shared machine out of the ratio. "
          + "Default: ${DEFAULT-VALUE}.")
  int rounds;

  private final List<PhaseResult> results = new ArrayList<>();
  private final List<PhaseResult> warmups = new ArrayList<>();
  private TreeRevoke.Result treeResult;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  /** Every measured run, in order. */
  public List<PhaseResult> results() {
    return results;
  }

  /** Every warm-up run, in order. */
  public List<PhaseResult> warmups() {
    return warmups;
  }

  /** The tree-revoke result, or null when it did not run. */
  public TreeRevoke.Result treeResult() {
    return treeResult;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (BenchException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws Exception {
    Set<String> requested = new LinkedHashSet<>();
    for (String op : ops) {
      String name = op.trim().toLowerCase(Locale.ROOT);
      if (!LOAD_OPS.contains(name) && !name.equals(TREE)) {
        throw new BenchException("unknown operation '" + op + "' (known: " + String.join(", ", LOAD_OPS) + ", " + TREE + ")");
      }
      requested.add(name);
    }
    List<String> loadOps = new ArrayList<>();
    for (String op : LOAD_OPS) {
      if (requested.contains(op)) {
        loadOps.add(op);
      }
    }
    if (!loadOps.isEmpty() && !loadOps.contains("health")) {
      loadOps.add(0, "health");
    }
    for (int n : concurrency) {
      if (n < 1) {
        throw new BenchException("--concurrency values must be at least 1");
      }
    }
    if (rounds < 1) {
      throw new BenchException("--rounds must be at least 1");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new BenchException("--duration must be positive");
    }
    if (!sideOp.equals("health") && !sideOp.equals("lookup-self")) {
      throw new BenchException("--side-op must be health or lookup-self");
    }
    boolean needsToken = requested.contains(TREE) || loadOps.stream().anyMatch(op -> !op.equals("health"));

    try (Target t = Target.open(this, needsToken);
        BenchClient client = new BenchClient(t.host, t.port, channels)) {
      header(out, t, loadOps, requested.contains(TREE));
      Map<String, Operation> operations = new LinkedHashMap<>();
      for (String name : loadOps) {
        operations.put(name, operation(name, client, t.rootToken, err));
      }
      boolean failures = false;
      int peak = concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
      // Every operation's first warm-up comes before any measured run, so the baseline measured
      // first is not the one taken on the coldest JIT; each runs at the highest concurrency (most
      // calls per second, so the one compiler thread of a 2-core box is done soonest).
      for (Operation op : operations.values()) {
        try {
          warm(op, peak, warmup, err);
        } catch (BenchException e) {
          // Its measured runs prepare again and report the failure in the table.
        }
      }
      for (int n : concurrency) {
        List<List<PhaseResult>> measured = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          List<PhaseResult> rows = new ArrayList<>();
          for (Operation op : operations.values()) {
            PhaseResult row = runOne(op, n, err);
            rows.add(row);
            results.add(row);
            failures |= row.errors() > 0 || row.unfinishedSlots() > 0 || row.firstError() != null;
          }
          measured.add(rows);
        }
        Report.table(out, n, measured, n == concurrency.get(0));
      }
      if (requested.contains(TREE)) {
        Operation side = sideConcurrency > 0 ? operation(sideOp, client, t.rootToken, err) : null;
        err.printf(Locale.ROOT, "tree-revoke: building a tree of %,d tokens%n", treeSize);
        try {
          treeResult =
              new TreeRevoke(client, t.rootToken, err)
                  .run(treeSize, setupConcurrency, side, sideConcurrency, Duration.ofSeconds(2));
          Report.tree(out, treeResult, sideOp, sideConcurrency, setupConcurrency);
          failures |= treeResult.sideDuring() != null && treeResult.sideDuring().errors() > 0;
        } catch (BenchException e) {
          out.println("tree-revoke failed: " + e.getMessage());
          failures = true;
        }
      }
      out.flush();
      return failures ? 1 : 0;
    }
  }

  /** A warm-up run (not measured). */
  private void warm(Operation op, int n, Duration time, PrintWriter err) throws Exception {
    if (time.isZero() || time.isNegative()) {
      return;
    }
    op.prepare(n, true);
    PhaseResult r = ClosedLoop.run(op, n, time, false);
    warmups.add(r);
    err.printf(Locale.ROOT, "%s: warm-up at %d in flight, %,.0f ops/s%n", op.name(), n, r.opsPerSecond());
  }

  /** Re-warm at this concurrency, then the measured run. */
  private PhaseResult runOne(Operation op, int n, PrintWriter err) throws InterruptedException {
    try {
      warm(op, n, rewarm, err);
      op.prepare(n, false);
    } catch (BenchException e) {
      err.printf(Locale.ROOT, "%s: set-up failed: %s%n", op.name(), e.getMessage());
      return new PhaseResult(op.name(), n, 0, 0, 0, 0, false, 0, LatencyRecorder.Percentiles.EMPTY,
          "set-up: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new BenchException("preparing " + op.name() + ": " + e, e);
    }
    PhaseResult r = ClosedLoop.run(op, n, duration, true);
    err.printf(Locale.ROOT, "%s, %d in flight: %,.0f ops/s, %d errors%n", op.name(), n, r.opsPerSecond(), r.errors());
    return r;
  }

  private Operation operation(String name, BenchClient client, String rootToken, PrintWriter err) {
    return switch (name) {
      case "health" -> new Operations.Health(client);
      case "create" -> new Operations.Create(client, rootToken);
      case "create-batch" -> new Operations.CreateBatch(client, rootToken);
      case "lookup-self-batch" ->
          new Operations.LookupSelf(client, rootToken, Operations.LookupSelf.Kind.BATCH);
      case "lookup-self" -> new Operations.LookupSelf(client, rootToken);
      case "lookup-self-root" ->
          new Operations.LookupSelf(client, rootToken, Operations.LookupSelf.Kind.ROOT);
      case "lookup-self-policy50" ->
          new Operations.LookupSelf(client, rootToken, Operations.LookupSelf.Kind.POLICY50);
      case "renew" -> new Operations.Renew(client, rootToken, renewPool, setupConcurrency);
      case "revoke" -> new Operations.Revoke(client, rootToken, revokePool, setupConcurrency, err);
      case "approle-login" -> new Operations.AppRoleLogin(client, rootToken, false);
      case "approle-login-batch" -> new Operations.AppRoleLogin(client, rootToken, true);
      default -> throw new BenchException("unknown operation " + name);
    };
  }

  private void header(PrintWriter out, Target t, List<String> loadOps, boolean tree) {
    Runtime rt = Runtime.getRuntime();
    out.printf(
        Locale.ROOT,
        "Leasehold load generator, %s%n",
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
    out.printf(Locale.ROOT, "target: %s%n", t.description);
    out.printf(
        Locale.ROOT,
        "client: Java %s, %d cores, max heap %.1f GiB, %d channel(s), callbacks on the event loop%n",
        System.getProperty("java.version"), rt.availableProcessors(), rt.maxMemory() / (double) (1L << 30), channels);
    List<String> all = new ArrayList<>(loadOps);
    if (tree) {
      all.add(TREE + " (" + String.format(Locale.ROOT, "%,d", treeSize) + " tokens)");
    }
    out.printf(
        Locale.ROOT,
        "operations: %s; in flight: %s; warm-up %s once per operation, then %s + measured %s per run, "
            + "%d round(s)%n",
        String.join(", ", all), concurrency, DurationConverter.format(warmup), DurationConverter.format(rewarm),
        DurationConverter.format(duration), rounds);
    out.flush();
  }

  /** The server under load: a given address, or one started in this JVM. */
  static final class Target implements AutoCloseable {
    final String host;
    final int port;
    final String rootToken;
    final String description;
    private final AutoCloseable owned;

    private Target(String host, int port, String rootToken, String description, AutoCloseable owned) {
      this.host = host;
      this.port = port;
      this.rootToken = rootToken;
      this.description = description;
      this.owned = owned;
    }

    static Target open(LoadGenerator g, boolean needsToken) throws Exception {
      if (g.target != null) {
        int colon = g.target.lastIndexOf(':');
        if (colon <= 0 || colon == g.target.length() - 1) {
          throw new BenchException("--target must be HOST:PORT");
        }
        String host = g.target.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
          port = Integer.parseInt(g.target.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new BenchException("--target must be HOST:PORT");
        }
        String token = g.token != null ? g.token : System.getenv("LEASEHOLD_TOKEN");
        if (needsToken && (token == null || token.isEmpty())) {
          throw new BenchException("token operations need --token=ROOT (or $LEASEHOLD_TOKEN) with --target");
        }
        return new Target(host, port, token, g.target, null);
      }
      switch (g.server) {
        case "health-only" -> {
          if (needsToken) {
            throw new BenchException("--server=health-only serves only the health operation: use --ops=health");
          }
          HealthOnlyServer s = HealthOnlyServer.start();
          return new Target("127.0.0.1", s.port(), null,
              "in-process plain grpc-java server, health service only, 127.0.0.1:" + s.port() + " (same JVM)", s);
        }
        case "leasehold" -> {
          BenchStorage store = BenchStorage.open(g.storage);
          LeaseholdServer.Builder builder = LeaseholdServer.builder()
              .listenAddress(new InetSocketAddress("127.0.0.1", 0))
              .storage(store.storage())
              .callWorkers(g.callWorkers, 8192);
          if (g.token != null) {
            builder.devRootTokenId(g.token);
          }
          LeaseholdServer s;
          try {
            s = builder.start();
          } catch (UnsupportedOperationException e) {
            store.deleteIfTemporary();
            throw new BenchException(
                "the in-process LeaseholdServer cannot start yet (" + e.getMessage() + "); use "
                    + "--target=HOST:PORT --token=ROOT, or --server=health-only --ops=health for the generator alone");
          }
          try {
            return new Target("127.0.0.1", s.port(), s.rootToken(),
                "in-process LeaseholdServer (dev mode, storage " + store.description()
                    + (store.storage().blocking() ? ", " + g.callWorkers + " call workers" : "") + ") on 127.0.0.1:"
                    + s.port() + " (same JVM)",
                () -> {
                  s.close();
                  store.deleteIfTemporary();
                });
          } catch (RuntimeException e) {
            s.close();
            store.deleteIfTemporary();
            throw e;
          }
        }
        default -> throw new BenchException("--server must be leasehold or health-only");
      }
    }

    @Override
    public void close() {
      if (owned != null) {
        try {
          owned.close();
        } catch (Exception e) {
          throw new BenchException("stopping the in-process server: " + e, e);
        }
      }
    }
  }
}
