package io.leasehold.it;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leasehold.it.CrashLedger.Entry;
import io.leasehold.it.CrashLedger.Outcome;
import io.leasehold.proto.v1.ListAccessorsRequest;
import io.leasehold.proto.v1.LookupAccessorRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RevokeAccessorRequest;
import io.leasehold.proto.v1.TokenInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks a restarted server against a {@link CrashLedger}: an acknowledged create with no revoke
 * sent above it is valid; an acknowledged revoke (of the token or an ancestor) stuck; a refused
 * create left nothing; a live token's tracked parent is live; the accessor list is exactly the root
 * token's plus the live tokens' (a token whose create was in flight at the kill and whose ID the
 * client never learnt, a "ghost", is found by its accessor and its {@code crash-op} meta, checked
 * against the ledger, then revoked); and the service-token counter equals that list's size.
 */
final class CrashVerifier {
  private static final int THREADS = 16;

  private final DurableServer server;
  private final String rootToken;
  private final String rootAccessor;
  private final List<String> problems = new ArrayList<>();
  private int ghosts;

  CrashVerifier(DurableServer server, String rootToken, String rootAccessor) {
    this.server = server;
    this.rootToken = rootToken;
    this.rootAccessor = rootAccessor;
  }

  /** Checks the server; returns the entries alive now. Problems go to {@link #problems}. */
  Set<Entry> verify(CrashLedger ledger) throws Exception {
    List<Entry> toCheck = new ArrayList<>();
    for (Entry e : ledger.entries()) {
      if (!e.dead && e.id != null) {
        toCheck.add(e);
      }
    }
    Map<Entry, TokenInfo> alive = lookUpAll(toCheck);
    for (Entry e : toCheck) {
      boolean isAlive = alive.containsKey(e);
      boolean acked = e.create == Outcome.ACKED;
      if (acked && !CrashLedger.revokeSentOnPath(e) && !isAlive) {
        problems.add("acknowledged token " + e + " is gone after the restart");
      }
      if (CrashLedger.revokeAckedOnPath(e) && isAlive) {
        problems.add("token " + e + " is valid although a revoke of it or above was acknowledged");
      }
      if (e.create == Outcome.REFUSED && isAlive) {
        problems.add("token " + e + " exists although its create was refused");
      }
      if (isAlive && e.parent != null && !alive.containsKey(e.parent)) {
        problems.add("token " + e + " is valid but its parent " + e.parent + " is not");
      }
      if (isAlive) {
        TokenInfo info = alive.get(e);
        if (!info.getMetaMap().getOrDefault("crash-op", "").equals(Integer.toString(e.number))) {
          problems.add("token " + e + " has meta " + info.getMetaMap());
        }
        e.accessor = info.getAccessor();
      }
    }

    Set<String> listed = new HashSet<>(server.tokens(rootToken)
        .listAccessors(ListAccessorsRequest.getDefaultInstance()).getKeysList());
    long counted = server.sys(rootToken)
        .readTokenCounters(ReadTokenCountersRequest.getDefaultInstance()).getServiceTokensTotal();
    if (counted != listed.size()) {
      problems.add("service token counter says " + counted + " but " + listed.size()
          + " accessors are listed");
    }
    Set<String> expected = new HashSet<>();
    expected.add(rootAccessor);
    alive.keySet().forEach(e -> expected.add(e.accessor));
    for (String a : expected) {
      if (!listed.contains(a)) {
        problems.add("accessor " + a + " of a live token is not listed");
      }
    }
    Set<Entry> result = new HashSet<>(alive.keySet());
    for (String ghost : listed) {
      if (!expected.contains(ghost)) {
        checkGhost(ghost, ledger, alive.keySet());
      }
    }
    return result;
  }

  List<String> problems() {
    return problems;
  }

  /** How many unanswered creates with server-made IDs were found by their accessors. */
  int ghosts() {
    return ghosts;
  }

  /** A listed accessor of no known live token: must be an unanswered create; revoked here. */
  private void checkGhost(String accessor, CrashLedger ledger, Set<Entry> alive) {
    TokenInfo info = server.tokens(rootToken)
        .lookupAccessor(LookupAccessorRequest.newBuilder().setAccessor(accessor).build())
        .getData();
    String op = info.getMetaMap().get("crash-op");
    Entry e = op == null ? null : ledger.entries().get(Integer.parseInt(op));
    if (e == null) {
      problems.add("accessor " + accessor + " belongs to no token the test made: " + info);
    } else if (e.id != null || e.create == Outcome.ACKED || e.create == Outcome.REFUSED) {
      problems.add("accessor " + accessor + " of " + e + " was not accounted for");
    } else if (CrashLedger.revokeAckedOnPath(e)
        || (e.parent != null && !alive.contains(e.parent))) {
      problems.add("unanswered create " + e + " survived a revoke above it");
    }
    ghosts++;
    // Its ID is unknown, so it cannot be tracked further: revoke it.
    server.tokens(rootToken).revokeAccessor(
        RevokeAccessorRequest.newBuilder().setAccessor(accessor).build());
  }

  /** Looks every entry up with its own token; the live ones with what they showed. */
  private Map<Entry, TokenInfo> lookUpAll(List<Entry> entries) throws Exception {
    Map<Entry, TokenInfo> alive = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Entry e : entries) {
        done.add(pool.submit(() -> {
          try {
            alive.put(e, server.tokens(e.id).lookupSelf(LookupSelfRequest.getDefaultInstance())
                .getData());
          } catch (StatusRuntimeException ex) {
            if (ex.getStatus().getCode() != Status.Code.UNAUTHENTICATED) {
              synchronized (problems) {
                problems.add("lookup of " + e + " failed: " + ex.getStatus());
              }
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return alive;
  }
}
