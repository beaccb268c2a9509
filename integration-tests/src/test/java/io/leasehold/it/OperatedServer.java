package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.UnsealRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ./leasehold server -config=FILE} on RocksDB in a directory of its own, as an
 * operator runs it: initialized once (one key share), unsealed after every start, and restartable
 * on the same data and port.
 */
final class OperatedServer implements AutoCloseable {
  final int port;
  private final Path dir;
  private final Path config;
  private ServerProcess process;
  private String unsealKey;
  private String rootToken;
  private int starts;

  private OperatedServer(Path dir, int port, Path config) {
    this.dir = dir;
    this.port = port;
    this.config = config;
  }

  /**
   * Writes the config (RocksDB under {@code dir/data}, a free port) and starts; the server is
   * then sealed and uninitialized.
   */
  static OperatedServer start(Path dir) throws IOException {
    int port = ServerProcess.freePort();
    Path config = dir.resolve("server.hcl");
    Files.writeString(config, String.join("\n",
        "storage \"rocksdb\" {",
        "  path = \"" + dir.resolve("data") + "\"",
        "}",
        "listener \"tcp\" {",
        "  address     = \"127.0.0.1:" + port + "\"",
        "  tls_disable = true",
        "}",
        ""));
    OperatedServer server = new OperatedServer(dir, port, config);
    server.launch();
    return server;
  }

  /** Starts the process (again) and waits until it answers; it is then sealed. */
  void launch() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("run-" + ++starts));
    process = ServerProcess.start(logs, port, "-config=" + config);
    assertThat(HealthGrpc.newBlockingStub(process.channel).withWaitForReady()
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("leasehold.v1.SysService").build())
        .getStatus()).isEqualTo(ServingStatus.SERVING);
  }

  /** Initializes with one key share and unseals. */
  void initAndUnseal() {
    InitResponse init = sys(null).init(InitRequest.newBuilder().setSecretShares(1)
        .setSecretThreshold(1).build());
    unsealKey = init.getKeysBase64(0);
    rootToken = init.getRootToken();
    unseal();
  }

  /** Unseals with the one key. */
  void unseal() {
    assertThat(sys(null).unseal(UnsealRequest.newBuilder().setKey(unsealKey).build()).getSealed())
        .isFalse();
  }

  /** SIGTERM; asserts the process ended within 20 s. */
  void stop() throws InterruptedException {
    assertThat(process.terminate()).as("server stopped after SIGTERM").isTrue();
    process.close();
  }

  String rootToken() {
    return rootToken;
  }

  ManagedChannel channel() {
    return process.channel;
  }

  /** What the current process printed on stderr. */
  String err() throws IOException {
    return process.err();
  }

  SysServiceGrpc.SysServiceBlockingStub sys(String token) {
    return withToken(SysServiceGrpc.newBlockingStub(channel()), token)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  AppRoleServiceGrpc.AppRoleServiceBlockingStub appRole(String token) {
    return withToken(AppRoleServiceGrpc.newBlockingStub(channel()), token)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** A token stub with a short deadline, for readers that poll. */
  TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    return withToken(TokenServiceGrpc.newBlockingStub(channel()), token)
        .withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private static <S extends io.grpc.stub.AbstractStub<S>> S withToken(S stub, String token) {
    if (token == null) {
      return stub;
    }
    Metadata md = new Metadata();
    md.put(LiveServer.TOKEN_HEADER, token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.close();
    }
  }
}
