package io.leasehold.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Builds a tree of {@code size} tokens through the API and times one RevokeToken of its root.
 *
 * <p>Shape: the tree root (a child of the root token, policy "root") has ⌈√(size-1)⌉ children
 * (policy "root", so they may create tokens: only the built-in policies exist yet) and the
 * remaining tokens are their children (policy "default"), spread evenly. Each token is created
 * with its parent as caller, {@code setupInFlight} calls at a time. All have TTL 1h.
 *
 * <p>Then: RevokeToken(tree root) as root, timed until it answers. Because the server may finish a
 * large revocation in the background, it also times until every sampled token (the last of each
 * level, and the first leaf) is refused, and, when sys ReadTokenCounters answers, until the stored
 * count has dropped by {@code size}. A side load (an operation, health by default, at a small
 * concurrency) runs just before (the reference p99) and during the revocation (the p99 under it).
 */
public final class TreeRevoke {
  /** How long to wait for the revocation to answer and to show. */
  private static final Duration GIVE_UP = Duration.ofSeconds(60);

  private final BenchClient client;
  private final String rootToken;
  private final PrintWriter log;

  public TreeRevoke(BenchClient client, String rootToken, PrintWriter log) {
    this.client = client;
    this.rootToken = rootToken;
    this.log = log;
  }

  /** What the scenario measured. */
  public record Result(
      int size,
      int children,
      int grandchildren,
      double createSeconds,
      double answeredSeconds,
      double sampledRefusedSeconds,
      OptionalLong countersGoneNanos,
      PhaseResult sideBefore,
      PhaseResult sideDuring) {}

  public Result run(int size, int setupInFlight, Operation side, int sideConcurrency, Duration sideReference)
      throws Exception {
    if (size < 1) {
      throw new IllegalArgumentException("tree size must be at least 1");
    }
    int descendants = size - 1;
    int children = Math.min(descendants, (int) Math.ceil(Math.sqrt(descendants)));
    int grandchildren = descendants - children;

    long t0 = System.nanoTime();
    CreateTokenRequest canCreate = BenchClient.createRequest(Operations.HOUR, "root");
    CreateTokenRequest leaf = BenchClient.createRequest(Operations.HOUR, "default");
    String treeRoot = client.createTokens(1, i -> rootToken, i -> canCreate, 1)[0];
    String[] kids = client.createTokens(children, i -> treeRoot, i -> canCreate, setupInFlight);
    String[] leaves =
        children == 0
            ? new String[0]
            : client.createTokens(grandchildren, i -> kids[i % children], i -> leaf, setupInFlight);
    double createSeconds = (System.nanoTime() - t0) / 1e9;
    log.printf(
        Locale.ROOT,
        "  tree-revoke: created %,d tokens (1 + %,d + %,d) in %.1f s (%,.0f/s)%n",
        size, children, grandchildren, createSeconds, size / createSeconds);

    String[] samples = samples(treeRoot, kids, leaves);
    OptionalLong countBefore = storedTokens();

    PhaseResult sideBefore = null;
    ClosedLoop sideLoop = null;
    if (side != null && sideConcurrency > 0) {
      side.prepare(sideConcurrency, false);
      sideBefore = ClosedLoop.run(side, sideConcurrency, sideReference, true);
      side.prepare(sideConcurrency, false);
      sideLoop = new ClosedLoop(side, sideConcurrency, true);
      sideLoop.start(GIVE_UP.multipliedBy(3)); // bounded even if something below throws past the finally
    }

    long start = System.nanoTime();
    long answered;
    long refused;
    OptionalLong gone = OptionalLong.empty();
    PhaseResult sideDuring = null;
    try {
      try {
        client.blocking(
            TokenServiceGrpc.getRevokeTokenMethod(),
            BenchClient.as(rootToken),
            RevokeTokenRequest.newBuilder().setToken(treeRoot).build());
      } catch (StatusRuntimeException e) {
        throw new BenchException("RevokeToken of the tree root failed: " + ClosedLoop.describe(e), e);
      }
      answered = System.nanoTime();
      refused = waitUntilRefused(samples, GIVE_UP);
      if (countBefore.isPresent()) {
        long goal = countBefore.getAsLong() - size;
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() - deadline < 0) {
          OptionalLong now = storedTokens();
          if (now.isPresent() && now.getAsLong() <= goal) {
            gone = OptionalLong.of(System.nanoTime() - start);
            break;
          }
          Thread.sleep(2);
        }
      }
    } finally {
      if (sideLoop != null) {
        sideLoop.stop();
        sideDuring = sideLoop.await(Duration.ofSeconds(60));
      }
    }
    return new Result(
        size,
        children,
        grandchildren,
        createSeconds,
        (answered - start) / 1e9,
        (refused - start) / 1e9,
        gone,
        sideBefore,
        sideDuring);
  }

  private static String[] samples(String treeRoot, String[] kids, String[] leaves) {
    if (leaves.length > 0) {
      return new String[] {treeRoot, kids[kids.length - 1], leaves[0], leaves[leaves.length - 1]};
    }
    if (kids.length > 0) {
      return new String[] {treeRoot, kids[kids.length - 1]};
    }
    return new String[] {treeRoot};
  }

  /** Polls LookupSelf as each sample until all are refused; returns when that happened. */
  private long waitUntilRefused(String[] tokens, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = 0;
    while (next < tokens.length) {
      try {
        client.blocking(
            TokenServiceGrpc.getLookupSelfMethod(), BenchClient.as(tokens[next]), LookupSelfRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
          next++;
          continue;
        }
        throw new BenchException("probing a revoked token: " + ClosedLoop.describe(e), e);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new BenchException("a token of the revoked tree still works after " + timeout.toSeconds() + " s");
      }
      Thread.sleep(1);
    }
    return System.nanoTime();
  }

  /** Stored service tokens per sys ReadTokenCounters, or empty if the server does not answer it. */
  private OptionalLong storedTokens() {
    try {
      return OptionalLong.of(
          client
              .blocking(
                  SysServiceGrpc.getReadTokenCountersMethod(),
                  BenchClient.as(rootToken),
                  ReadTokenCountersRequest.getDefaultInstance())
              .getServiceTokensTotal());
    } catch (StatusRuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
