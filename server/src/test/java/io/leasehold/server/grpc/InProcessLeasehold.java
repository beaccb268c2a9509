package io.leasehold.server.grpc;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.CubbyholeServiceGrpc;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.UnsealRequest;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.LeaseholdServer;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LeaseholdServer} on the in-process transport, with a {@link FakeClock} as both its
 * clock and its scheduler, and a direct-executor channel to it: the JUnit 5 stand-in for
 * grpc-java's {@code GrpcCleanupRule}.
 *
 * <p>As an extension ({@code @RegisterExtension}) it starts a fresh server before each test and
 * closes it after. Outside JUnit's lifecycle (dynamic tests) use {@link #started()} with
 * try-with-resources.
 */
public final class InProcessLeasehold
    implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  /** The dev root token's ID. */
  public static final String ROOT = "root";
  /** Metadata key the server reads the caller's token from. */
  public static final Metadata.Key<String> TOKEN_HEADER =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);

  private final Storage storage;
  private final String rootId;
  private final String unsealKey;
  private FakeClock clock;
  private LeaseholdServer server;
  private ManagedChannel channel;

  /** A server on a fresh in-memory store, root token {@link #ROOT}. */
  public InProcessLeasehold() {
    this(null, ROOT);
  }

  private InProcessLeasehold(Storage storage, String rootId) {
    this(storage, rootId, null);
  }

  private InProcessLeasehold(Storage storage, String rootId, String unsealKey) {
    this.storage = storage;
    this.rootId = rootId;
    this.unsealKey = unsealKey;
  }

  /** A started server, for use with try-with-resources. */
  public static InProcessLeasehold started() {
    InProcessLeasehold s = new InProcessLeasehold();
    s.start();
    return s;
  }

  /**
   * A started server on {@code storage} (which it closes), with a dev root token of ID
   * {@code rootId}: a store reopened after a restart already holds the earlier root token.
   */
  public static InProcessLeasehold started(Storage storage, String rootId) {
    InProcessLeasehold s = new InProcessLeasehold(storage, rootId);
    s.start();
    return s;
  }

  /**
   * A server restarted on {@code storage}, which an earlier (dev) server initialized: started
   * sealed, then unsealed with that server's {@code unsealKey}.
   */
  public static InProcessLeasehold restarted(Storage storage, String unsealKey) {
    InProcessLeasehold s = new InProcessLeasehold(storage, null, unsealKey);
    s.start();
    return s;
  }

  /** Starts the server and opens the channel. */
  public void start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    String name = "leasehold-" + UUID.randomUUID();
    clock = new FakeClock(CoreFixture.START);
    try {
      server = LeaseholdServer.builder()
          .dev(unsealKey == null)
          .devRootTokenId(rootId)
          .clock(clock)
          .scheduler(clock)
          .storage(storage)
          .serverBuilder(InProcessServerBuilder.forName(name).directExecutor())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    if (unsealKey != null) {
      sys().unseal(UnsealRequest.newBuilder().setKey(unsealKey).build());
    }
    server.core().policies.write(CREATOR, CoreFixture.CREATOR_POLICY);
  }

  /** A policy that may create tokens (no sudo), written at start. */
  public static final String CREATOR = "creator";

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Closes the channel, then the server (and with it the storage). Idempotent. */
  @Override
  public void close() {
    if (channel != null) {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channel = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The fake clock driving the server's time and expiry. */
  public FakeClock clock() {
    return clock;
  }

  /** The running server (its {@code core()} gives access to storage for consistency checks). */
  public LeaseholdServer server() {
    return server;
  }

  /** The channel to the server. */
  public Channel channel() {
    return channel;
  }

  /** A token-service stub that sends no token. */
  public TokenServiceGrpc.TokenServiceBlockingStub tokens() {
    return TokenServiceGrpc.newBlockingStub(channel);
  }

  /** A token-service stub that sends {@code token} in {@code x-leasehold-token}. */
  public TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    return tokens().withInterceptors(withToken(token));
  }

  /** A sys-service stub that sends no token. */
  public SysServiceGrpc.SysServiceBlockingStub sys() {
    return SysServiceGrpc.newBlockingStub(channel);
  }

  /** A sys-service stub that sends {@code token} in {@code x-leasehold-token}. */
  public SysServiceGrpc.SysServiceBlockingStub sys(String token) {
    return sys().withInterceptors(withToken(token));
  }

  /** A cubbyhole stub that sends {@code token} in {@code x-leasehold-token}. */
  public CubbyholeServiceGrpc.CubbyholeServiceBlockingStub cubbyhole(String token) {
    return CubbyholeServiceGrpc.newBlockingStub(channel).withInterceptors(withToken(token));
  }

  /** An AppRole stub that sends no token (logins need none). */
  public AppRoleServiceGrpc.AppRoleServiceBlockingStub appRole() {
    return AppRoleServiceGrpc.newBlockingStub(channel);
  }

  /** An AppRole stub that sends {@code token} in {@code x-leasehold-token}. */
  public AppRoleServiceGrpc.AppRoleServiceBlockingStub appRole(String token) {
    return appRole().withInterceptors(withToken(token));
  }

  /** A client interceptor that attaches {@code token} as the caller's token. */
  public static ClientInterceptor withToken(String token) {
    Metadata headers = new Metadata();
    headers.put(TOKEN_HEADER, token);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }
}
