package io.leasehold.it;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Duration;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps {@link #IN_FLIGHT} create / renew / revoke calls going against a server, recording each in
 * a {@link CrashLedger}, until a deadline; then SIGKILLs the server and waits for every call to
 * end. Creates make children of the root token (some with chosen IDs), orphans, and children of
 * live tokens (so revokes cut trees). TTLs are hours: nothing expires during the test.
 */
final class CrashLoad {
  static final int IN_FLIGHT = 64;
  /** The policy every load token carries: it lets a token create children. */
  static final String POLICY = "crash-create";
  static final String POLICY_TEXT = "path \"auth/token/create\" {\n"
      + "  capabilities = [\"create\", \"update\"]\n}\n";
  /** Above this many live targets the mix leans to revokes, so the population stays bounded. */
  private static final int POPULATION = 400;
  private static final Duration TTL = Duration.newBuilder().setSeconds(2 * 3600).build();
  private static final long CALL_SECONDS = 20;

  private final CrashLedger ledger;
  private final Random random;
  private final String rootToken;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private final AtomicLong acked = new AtomicLong();

  CrashLoad(CrashLedger ledger, Random random, String rootToken) {
    this.ledger = ledger;
    this.random = random;
    this.rootToken = rootToken;
  }

  /** How many calls were acknowledged so far. */
  long acked() {
    return acked.get();
  }

  /**
   * Sends calls until {@code killAfterMillis} after the first acknowledgement (a freshly started
   * JVM needs a moment before it answers at all), then kills {@code server} with SIGKILL while
   * calls are in flight, and waits until every call has ended.
   */
  void runAndKill(DurableServer server, long killAfterMillis) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long killAt = Long.MAX_VALUE;
    while (true) {
      long now = System.nanoTime();
      if (killAt == Long.MAX_VALUE && acked.get() > 0) {
        killAt = now + TimeUnit.MILLISECONDS.toNanos(killAfterMillis);
      }
      if (now >= killAt) {
        break;
      }
      if (killAt == Long.MAX_VALUE && now > giveUp) {
        throw new IllegalStateException("no call acknowledged within a minute");
      }
      // Short waits, so the first acknowledgement and the kill time are noticed promptly.
      long wait = Math.min(killAt - now, TimeUnit.MILLISECONDS.toNanos(5));
      if (slots.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
        sendOne(server);
      }
    }
    ledger.killed();
    server.kill();
    if (!slots.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("calls still pending a minute after the kill");
    }
    slots.release(IN_FLIGHT);
  }

  private void sendOne(DurableServer server) {
    boolean crowded = ledger.liveTargets() > POPULATION;
    double roll = random.nextDouble();
    CrashLedger.Entry target = ledger.pick(random);
    if (target == null || roll < (crowded ? 0.25 : 0.5)) {
      create(server, target);
    } else if (roll < (crowded ? 0.5 : 0.8)) {
      renew(server, target);
    } else {
      revoke(server, target);
    }
  }

  private void create(DurableServer server, CrashLedger.Entry liveToken) {
    double kind = random.nextDouble();
    CreateTokenRequest.Builder req = CreateTokenRequest.newBuilder()
        .addPolicies(POLICY).setTtl(TTL).setRenewable(true);
    CrashLedger.Entry entry;
    String caller;
    boolean orphan = false;
    if (liveToken != null && kind < 0.45) {
      // A child of a live token, created by that token (only root may choose IDs).
      entry = ledger.newCreate(liveToken, null);
      caller = liveToken.id;
    } else {
      String id = kind < 0.8 ? "crash-" + HexFormat.of().formatHex(randomBytes(12)) : null;
      entry = ledger.newCreate(null, id);
      caller = rootToken;
      orphan = kind > 0.9;
      if (id != null) {
        req.setId(id);
      }
    }
    req.putMeta("crash-op", Integer.toString(entry.number));
    var stub = server.tokensAsync(caller).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    ListenableFuture<CreateTokenResponse> call =
        orphan ? stub.createOrphanToken(req.build()) : stub.createToken(req.build());
    track(call, r -> ledger.createAcked(entry, r.getAuth().getClientToken(),
        r.getAuth().getAccessor()), e -> ledger.failed(entry, true, "create", e));
  }

  private void renew(DurableServer server, CrashLedger.Entry target) {
    track(server.tokensAsync(rootToken).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
            .renewToken(RenewTokenRequest.newBuilder().setToken(target.id).setIncrement(TTL)
                .build()),
        r -> { }, e -> ledger.failed(target, false, "renew", e));
  }

  private void revoke(DurableServer server, CrashLedger.Entry target) {
    ledger.sendingRevoke(target);
    track(server.tokensAsync(rootToken).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
            .revokeToken(RevokeTokenRequest.newBuilder().setToken(target.id).build()),
        r -> ledger.revokeAcknowledged(target), e -> ledger.failed(target, false, "revoke", e));
  }

  private <T> void track(ListenableFuture<T> call, Consumer<T> onAck,
      Consumer<Throwable> onError) {
    Futures.addCallback(call, new FutureCallback<T>() {
      @Override
      public void onSuccess(T result) {
        try {
          acked.incrementAndGet();
          onAck.accept(result);
        } finally {
          slots.release();
        }
      }

      @Override
      public void onFailure(Throwable t) {
        try {
          onError.accept(t);
        } finally {
          slots.release();
        }
      }
    }, MoreExecutors.directExecutor());
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
