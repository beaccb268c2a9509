package io.leasehold.client.renewal;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A model of the token server for renewal tests, on a {@link FakeScheduler}: logins make tokens
 * from one role (ttl, explicit max, period, renewable); renew-self follows Vault's arithmetic
 * (periodic: the period; else the increment or the last TTL; capped at the explicit max). Every
 * call takes a random latency up to {@code maxLatency} and is decided half way through; during an
 * outage it fails UNAVAILABLE. Times are kept relative to the clock's origin so the model works
 * wherever the clock starts.
 */
public final class FakeTokenServer implements TokenSession {
  // Built once: the property test throws hundreds of thousands, and stack traces are costly.
  private static final StatusRuntimeException UNAVAILABLE =
      io.grpc.Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
  private static final StatusRuntimeException REFUSED =
      status(Code.UNAUTHENTICATED, "TOKEN_INVALID", "permission denied");

  /** One token as the server sees it. Times are relative to the origin. */
  public static final class Entry {
    public final String id;
    public final long created;
    public final long maxExpiry; // 0: none
    final boolean renewable;
    long lastTtl;
    public long expiry;
    public long revokedAt = -1;

    Entry(String id, long created, long ttl, long maxExpiry, boolean renewable) {
      this.id = id;
      this.created = created;
      this.maxExpiry = maxExpiry;
      this.renewable = renewable;
      this.lastTtl = ttl;
      this.expiry = maxExpiry > 0 ? Math.min(created + ttl, maxExpiry) : created + ttl;
    }

    public boolean validAt(long t) {
      return t < expiry && (revokedAt < 0 || t < revokedAt);
    }
  }

  private final FakeScheduler clock;
  private final long origin;
  private final Random random;
  private final long maxLatency;
  private final List<long[]> outages = new ArrayList<>();
  private final Map<String, Entry> tokens = new HashMap<>();
  private final List<Entry> issued = new ArrayList<>();
  private final List<Long> renewStarts = new ArrayList<>();
  private final List<Long> loginStarts = new ArrayList<>();
  private long ttl;
  private long explicitMax;
  private long period;
  private boolean renewable = true;

  public FakeTokenServer(FakeScheduler clock, Random random, Duration maxLatency) {
    this.clock = clock;
    this.origin = clock.nanoTime();
    this.random = random;
    this.maxLatency = maxLatency.toNanos();
  }

  /** Tokens made by later logins get this TTL, explicit max (0: none), period (0: none). */
  public FakeTokenServer role(Duration ttl, Duration explicitMax, Duration period, boolean renewable) {
    this.ttl = ttl.toNanos();
    this.explicitMax = explicitMax.toNanos();
    this.period = period.toNanos();
    this.renewable = renewable;
    return this;
  }

  /** The server is unreachable from {@code from} to {@code to} (relative to the origin). */
  public FakeTokenServer outage(long from, long to) {
    outages.add(new long[] {from, to});
    return this;
  }

  /** Now, relative to the origin. */
  public long now() {
    return clock.nanoTime() - origin;
  }

  /** An auth method whose logins this server answers. */
  public AuthMethod auth() {
    return new AuthMethod() {
      @Override
      public Login login() {
        return FakeTokenServer.this.login();
      }

      @Override
      public String name() {
        return "fake";
      }
    };
  }

  Login login() {
    loginStarts.add(now());
    long t = arrive();
    long created = period > 0 ? period : ttl;
    Entry e = new Entry(String.format("hvs.model%06d", issued.size()), t, created,
        explicitMax > 0 ? t + explicitMax : 0, renewable);
    tokens.put(e.id, e);
    issued.add(e);
    leave();
    return new Login(e.id, TokenLease.of(Duration.ofNanos(e.expiry - t), renewable), true);
  }

  @Override
  public TokenLease lookupSelf(String token) {
    long t = arrive();
    Entry e = valid(token, t);
    leave();
    return TokenLease.of(Duration.ofNanos(e.expiry - t), e.renewable);
  }

  @Override
  public TokenLease renewSelf(String token, Duration increment) {
    renewStarts.add(now());
    long t = arrive();
    Entry e = valid(token, t);
    if (!e.renewable) {
      leave();
      throw precondition("NOT_RENEWABLE", "lease is not renewable");
    }
    long want = period > 0 ? period : increment.isZero() ? e.lastTtl : increment.toNanos();
    long next = t + want;
    if (e.maxExpiry > 0) {
      if (t >= e.maxExpiry) {
        leave();
        throw precondition("MAX_TTL_REACHED", "past the max TTL, cannot renew");
      }
      next = Math.min(next, e.maxExpiry);
    }
    e.lastTtl = next - t;
    e.expiry = next;
    leave();
    return TokenLease.of(Duration.ofNanos(next - t), true);
  }

  @Override
  public void revokeSelf(String token) {
    long t = arrive();
    Entry e = valid(token, t);
    e.revokedAt = t;
    leave();
  }

  /** Revokes the token issued last, now (a server-side event: an operator revokes it). */
  public void revokeLatest() {
    if (!issued.isEmpty()) {
      Entry e = issued.get(issued.size() - 1);
      if (e.revokedAt < 0) {
        e.revokedAt = now();
      }
    }
  }

  public List<Entry> issued() {
    return issued;
  }

  public Entry entry(String token) {
    return tokens.get(token);
  }

  public List<Long> renewStarts() {
    return renewStarts;
  }

  public List<Long> loginStarts() {
    return loginStarts;
  }

  List<long[]> outages() {
    return outages;
  }

  /** Whether the server is reachable throughout [from, to]. */
  boolean upThroughout(long from, long to) {
    for (long[] o : outages) {
      if (o[0] <= to && o[1] > from) {
        return false;
      }
    }
    return true;
  }

  private long pendingLatency;

  /** The first half of a call's latency; then the server decides, or is down. */
  private long arrive() {
    long latency = maxLatency > 0 ? random.nextLong(maxLatency + 1) : 0;
    clock.elapse(latency / 2);
    pendingLatency = latency - latency / 2;
    long t = now();
    for (long[] o : outages) {
      if (t >= o[0] && t < o[1]) {
        leave();
        throw UNAVAILABLE;
      }
    }
    return t;
  }

  /** The second half of the latency: the answer travels back. */
  private void leave() {
    clock.elapse(pendingLatency);
    pendingLatency = 0;
  }

  private Entry valid(String token, long t) {
    Entry e = tokens.get(token);
    if (e == null || !e.validAt(t)) {
      leave();
      throw REFUSED;
    }
    return e;
  }

  private static StatusRuntimeException precondition(String reason, String message) {
    return status(Code.FAILED_PRECONDITION, reason, message);
  }

  /** A refusal shaped like the real server's: code, message, ErrorInfo of domain leasehold.io. */
  public static StatusRuntimeException status(Code code, String reason, String message) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(message)
            .addDetails(Any.pack(
                ErrorInfo.newBuilder().setReason(reason).setDomain("leasehold.io").build()))
            .build());
  }
}
