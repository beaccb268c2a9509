package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.leasehold.client.renewal.AuthMethod;
import io.leasehold.client.renewal.DoneReason;
import io.leasehold.client.renewal.Failure;
import io.leasehold.client.renewal.GrpcTokenSession;
import io.leasehold.client.renewal.LifetimeWatcher;
import io.leasehold.client.renewal.Login;
import io.leasehold.client.renewal.RenewalListener;
import io.leasehold.client.renewal.RenewalSettings;
import io.leasehold.client.renewal.Scheduler;
import io.leasehold.client.renewal.SessionKeeper;
import io.leasehold.client.renewal.TokenLease;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.server.LeaseholdServer;
import io.leasehold.server.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's renewal loops against a real server over Netty, with one manual time shared by the
 * server's clock and the client's scheduler: hours of renewals in a second, and the server's own
 * TTL arithmetic (periods, explicit max TTL capping, revocation) deciding what the loop sees.
 */
class RenewalAgainstServerTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long HOUR = 3600 * SECOND;

  private final SharedTime time = new SharedTime();
  private final RenewalSettings settings = RenewalSettings.defaults().withRandom(new Random(5));
  private final Events events = new Events();
  private LeaseholdServer server;
  private ManagedChannel channel;
  private GrpcTokenSession session;

  @BeforeEach
  void start() throws IOException {
    server = LeaseholdServer.builder()
        .listenAddress(new InetSocketAddress("127.0.0.1", 0))
        .clock(time)
        .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    session = new GrpcTokenSession(channel, java.time.Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /** A token made by root now, as the loop would get it from a login. */
  private Login create(CreateTokenRequest.Builder request) {
    var auth = root().createToken(request.addPolicies("default").build()).getAuth();
    return new Login(auth.getClientToken(),
        TokenLease.of(java.time.Duration.ofSeconds(auth.getLeaseDuration().getSeconds()),
            auth.getRenewable()),
        true);
  }

  private io.leasehold.proto.v1.TokenServiceGrpc.TokenServiceBlockingStub root() {
    return io.leasehold.proto.v1.TokenServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new RootCredentials(server.rootToken()))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private LifetimeWatcher watch(Login login) {
    return new LifetimeWatcher(session, time, settings, login.token(), login.lease(),
        time.nanoTime(), events);
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  @Test
  void periodicToken_renewedByTheServerThousandPeriodsInARow() {
    Login login = create(CreateTokenRequest.newBuilder().setPeriod(seconds(3600)));
    LifetimeWatcher watcher = watch(login);
    watcher.start();

    time.advance(1000 * HOUR);

    assertThat(events.errors).isEmpty();
    assertThat(events.done).isEmpty();
    assertThat(events.renewals).hasSizeGreaterThan(1000 * 100 / 74)
        .allSatisfy(l -> assertThat(l.ttl()).isEqualTo(java.time.Duration.ofHours(1)));
    assertThat(session.lookupSelf(login.token()).ttl().toSeconds()).isBetween(600L, 3600L);
  }

  @Test
  void explicitMaxTtl_cappedByTheServer_reportedWhileTheTokenStillWorks() {
    Login login = create(CreateTokenRequest.newBuilder()
        .setTtl(seconds(100)).setExplicitMaxTtl(seconds(250)));
    LifetimeWatcher watcher = watch(login);
    watcher.start();

    time.advance(HOUR);

    assertThat(events.done).containsExactly(DoneReason.MAX_TTL_REACHED);
    assertThat(events.errors).isEmpty();
    assertThat(events.renewals.get(events.renewals.size() - 1).warnings())
        .anySatisfy(w -> assertThat(w).contains("exceeded the effective max_ttl"));
    assertThat(events.leftAtDone).isGreaterThanOrEqualTo(10);
  }

  @Test
  void revokedToken_endsTheWatcherAtItsNextRenewal() {
    Login login = create(CreateTokenRequest.newBuilder().setTtl(seconds(100)));
    LifetimeWatcher watcher = watch(login);
    watcher.start();
    root().revokeToken(RevokeTokenRequest.newBuilder().setToken(login.token()).build());

    time.advance(HOUR);

    assertThat(events.errors).containsExactly(Failure.UNAUTHENTICATED);
    assertThat(events.done).containsExactly(DoneReason.UNAUTHENTICATED);
  }

  @Test
  void nonRenewableToken_neverRenewed_doneAtItsReauthPoint() {
    Login login = create(CreateTokenRequest.newBuilder().setTtl(seconds(100)).setRenewable(false));
    watch(login).start();

    time.advance(HOUR);

    assertThat(events.renewals).isEmpty();
    assertThat(events.done).containsExactly(DoneReason.NOT_RENEWABLE);
  }

  @Test
  void keeper_replacesMaxTtlTokens_soTheTokenItHoldsAlwaysWorks() {
    List<String> issued = new ArrayList<>();
    AuthMethod logins = new AuthMethod() {
      @Override
      public Login login() {
        Login l = create(CreateTokenRequest.newBuilder()
            .setTtl(seconds(60)).setExplicitMaxTtl(seconds(300)));
        issued.add(l.token());
        return l;
      }

      @Override
      public String name() {
        return "root-create";
      }
    };
    SessionKeeper keeper = new SessionKeeper(logins, session, time, settings, events, false);
    keeper.start();

    for (int i = 0; i < 360; i++) {
      time.advance(10 * SECOND);
      String token = keeper.token().orElseThrow();
      var info = io.leasehold.proto.v1.TokenServiceGrpc.newBlockingStub(channel)
          .withCallCredentials(new RootCredentials(token))
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .lookupSelf(LookupSelfRequest.getDefaultInstance()).getData();
      assertThat(info.getTtl().getSeconds()).as("at %d s", i * 10).isPositive();
    }

    assertThat(issued).hasSizeBetween(12, 20);
    assertThat(events.errors).isEmpty();
    String held = keeper.token().orElseThrow();
    assertThat(held).isEqualTo(issued.get(issued.size() - 1));
    keeper.stop(true);
    assertThatThrownBy(() -> session.lookupSelf(held))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.UNAUTHENTICATED));
  }

  /** Records the events, and how many seconds the token had left when the loop finished. */
  private final class Events implements RenewalListener {
    final List<TokenLease> renewals = new ArrayList<>();
    final List<Failure> errors = new ArrayList<>();
    final List<DoneReason> done = new ArrayList<>();
    long leftAtDone = -1;

    @Override
    public void onRenewed(TokenLease lease) {
      renewals.add(lease);
    }

    @Override
    public void onError(Throwable failure, Failure kind) {
      errors.add(kind);
    }

    @Override
    public void onDone(DoneReason reason) {
      done.add(reason);
      if (!renewals.isEmpty()) {
        // Time stands still during a call, so the last grant is what is left when it ends there.
        leftAtDone = renewals.get(renewals.size() - 1).ttl().toSeconds();
      }
    }
  }

  /** The token as call credentials, like the session does (root's, or any). */
  private static final class RootCredentials extends io.grpc.CallCredentials {
    private final String token;

    RootCredentials(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor executor,
        MetadataApplier applier) {
      io.grpc.Metadata md = new io.grpc.Metadata();
      md.put(LiveServer.TOKEN_HEADER, token);
      applier.apply(md);
    }
  }

  /**
   * Manual time for both sides: the server's {@link Clock} (epoch millis) and the client's
   * {@link Scheduler} (nanos). Tasks due run on the test thread during {@link #advance}.
   */
  private static final class SharedTime implements Clock, Scheduler {
    private static final long EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01
    private final PriorityQueue<long[]> order = new PriorityQueue<>(
        (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private final java.util.Map<Long, Runnable> tasks = new java.util.HashMap<>();
    private long now;
    private long seq;

    @Override
    public synchronized long millis() {
      return EPOCH_MILLIS + now / 1_000_000L;
    }

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized Cancellable schedule(long delayNanos, Runnable task) {
      long id = seq++;
      order.add(new long[] {now + Math.max(0, delayNanos), id});
      tasks.put(id, task);
      return () -> {
        synchronized (SharedTime.this) {
          tasks.remove(id);
        }
      };
    }

    void advance(long nanos) {
      long target;
      synchronized (this) {
        target = now + nanos;
      }
      while (true) {
        Runnable task;
        synchronized (this) {
          long[] next = order.peek();
          if (next == null || next[0] > target) {
            now = Math.max(now, target);
            return;
          }
          order.poll();
          now = Math.max(now, next[0]);
          task = tasks.remove(next[1]);
        }
        if (task != null) {
          task.run();
        }
      }
    }
  }
}
