package io.leasehold.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.SealRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Sealing while requests run: each request either completes or fails UNAVAILABLE "server is
 * sealed", never anything else, and after unsealing the store is consistent.
 */
class SealUnderLoadTest {
  private static final int WORKERS = 8;
  private static final int ROUNDS = 5;

  @Test
  void sealAndUnsealUnderLoad_onlyOkOrUnavailable_storeConsistent() throws Exception {
    try (SealedLeasehold leasehold = new SealedLeasehold()) {
      InitResponse init = leasehold.init(3, 2);
      String root = init.getRootToken();
      leasehold.unseal(init.getKeysBase64List().subList(0, 2));
      Map<Status.Code, Integer> outcomes = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
      try {
        Future<?>[] workers = new Future<?>[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
          workers[w] = pool.submit(() -> {
            while (!stop.get()) {
              outcomes.merge(oneRound(leasehold, root), 1, Integer::sum);
            }
          });
        }
        for (int round = 0; round < ROUNDS; round++) {
          awaitSomeSuccesses(outcomes);
          leasehold.sys(root).seal(SealRequest.getDefaultInstance());
          assertThat(leasehold.unseal(init.getKeysBase64List().subList(round % 2, round % 2 + 2)))
              .isTrue();
        }
        stop.set(true);
        for (Future<?> f : workers) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        stop.set(true);
        pool.shutdownNow();
      }

      assertThat(outcomes.keySet()).as("%s", outcomes)
          .containsOnly(Status.Code.OK, Status.Code.UNAVAILABLE)
          .contains(Status.Code.OK);
      assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
    }
  }

  /** Create, look up and revoke one token; the first failure's code, or OK. */
  private static Status.Code oneRound(SealedLeasehold leasehold, String root) {
    try {
      String t = leasehold.tokens(root).createToken(CreateTokenRequest.newBuilder()
          .addPolicies("default").build()).getAuth().getClientToken();
      leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance());
      leasehold.tokens(root).revokeToken(RevokeTokenRequest.newBuilder().setToken(t).build());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        assertThat(e.getStatus().getDescription()).isEqualTo("server is sealed");
      }
      return e.getStatus().getCode();
    }
  }

  /** Polls (no sleeping for time) until the workers have made progress. */
  private static void awaitSomeSuccesses(Map<Status.Code, Integer> outcomes) {
    int before = outcomes.getOrDefault(Status.Code.OK, 0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outcomes.getOrDefault(Status.Code.OK, 0) < before + WORKERS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no progress: " + outcomes);
      }
      Thread.onSpinWait();
    }
  }
}
