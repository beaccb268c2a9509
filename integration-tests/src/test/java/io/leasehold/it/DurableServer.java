package io.leasehold.it;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.UnsealRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ./leasehold server -config=FILE} process keeping its state in RocksDB under a
 * given data directory, on a fresh free port each start, reachable (health SERVING, still sealed)
 * when {@link #start} returns. Stubs carry a token in {@code x-leasehold-token}.
 */
final class DurableServer implements AutoCloseable {
  private static final long CALL_SECONDS = 30;

  final ServerProcess process;

  private DurableServer(ServerProcess process) {
    this.process = process;
  }

  /**
   * Writes a configuration for {@code dataDir} into {@code workDir} and starts the server on it.
   * Its output goes to files in {@code workDir}.
   */
  static DurableServer start(Path dataDir, Path workDir) throws IOException {
    return start(dataDir, workDir, "");
  }

  /** As {@link #start(Path, Path)}, with {@code javaOpts} (JAVA_OPTS) for the server's JVM. */
  static DurableServer start(Path dataDir, Path workDir, String javaOpts) throws IOException {
    return start(dataDir, workDir, javaOpts, ServerProcess.freePort());
  }

  /**
   * As {@link #start(Path, Path, String)}, listening on {@code port} (a restart on the address
   * clients already use).
   */
  static DurableServer start(Path dataDir, Path workDir, String javaOpts, int port)
      throws IOException {
    Files.createDirectories(workDir);
    Path config = workDir.resolve("server.hcl");
    Files.writeString(config, String.join("\n",
        "storage \"rocksdb\" {",
        "  path = \"" + dataDir.toAbsolutePath() + "\"",
        "}",
        "listener \"tcp\" {",
        "  address     = \"127.0.0.1:" + port + "\"",
        "  tls_disable = true",
        "}",
        ""));
    DurableServer server = new DurableServer(ServerProcess.start(workDir, port,
        Map.of("JAVA_OPTS", javaOpts), "-config=" + config));
    try {
      // Wait-for-ready holds the call until the server accepts connections: no sleeping.
      ServingStatus status = HealthGrpc.newBlockingStub(server.channel()).withWaitForReady()
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService("leasehold.v1.SysService").build())
          .getStatus();
      if (status != ServingStatus.SERVING) {
        throw new IllegalStateException("SysService is " + status + "; stderr: "
            + server.process.err());
      }
    } catch (RuntimeException e) {
      String err = server.process.err();
      try {
        server.close();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("server did not start; stderr: " + err, e);
    }
    return server;
  }

  ManagedChannel channel() {
    return process.channel;
  }

  /** Gives {@code keys} one by one; the status after the last one. */
  SealStatusResponse unseal(List<String> keys) {
    SealStatusResponse status = null;
    for (String key : keys) {
      status = sys(null).unseal(UnsealRequest.newBuilder().setKey(key).build());
    }
    return status;
  }

  SysServiceGrpc.SysServiceBlockingStub sys(String token) {
    return withToken(SysServiceGrpc.newBlockingStub(channel()), token)
        .withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    return tokens(token, CALL_SECONDS);
  }

  /** A token stub with its own deadline (short, for readers that poll). */
  TokenServiceGrpc.TokenServiceBlockingStub tokens(String token, long deadlineSeconds) {
    return withToken(TokenServiceGrpc.newBlockingStub(channel()), token)
        .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
  }

  /** A future stub; callers set their own deadline. */
  TokenServiceGrpc.TokenServiceFutureStub tokensAsync(String token) {
    return withToken(TokenServiceGrpc.newFutureStub(channel()), token);
  }

  AppRoleServiceGrpc.AppRoleServiceBlockingStub appRole(String token) {
    return withToken(AppRoleServiceGrpc.newBlockingStub(channel()), token)
        .withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * SIGKILL to the server's JVM: the launcher {@code exec}s java, so the process we started is the
   * JVM itself (checked, so a wrapper shell can never be killed in its place). Waits until it is
   * gone.
   */
  void kill() throws InterruptedException {
    Process p = process.process;
    Optional<String> command = p.info().command();
    if (command.isPresent() && !command.get().endsWith("/java")) {
      throw new IllegalStateException("pid " + p.pid() + " runs " + command.get() + ", not java");
    }
    p.destroyForcibly();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server pid " + p.pid() + " survived SIGKILL");
    }
  }

  /** SIGTERM and wait for a clean stop; throws if it does not stop in time. */
  void stop() throws InterruptedException, IOException {
    if (!process.terminate()) {
      throw new IllegalStateException("server did not stop after SIGTERM; stderr: "
          + process.err());
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }

  private static <S extends io.grpc.stub.AbstractStub<S>> S withToken(S stub, String token) {
    if (token == null) {
      return stub;
    }
    Metadata md = new Metadata();
    md.put(LiveServer.TOKEN_HEADER, token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }
}
