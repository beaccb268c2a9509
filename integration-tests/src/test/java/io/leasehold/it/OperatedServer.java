package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link DurableServer} as an operator runs it: in a directory of its own, initialized once (one
 * key share), unsealed after every start, and restartable on the same data and port (so clients
 * such as an agent keep their address).
 */
final class OperatedServer implements AutoCloseable {
  final int port;
  private final Path dir;
  private DurableServer current;
  private String unsealKey;
  private String rootToken;
  private int starts;

  private OperatedServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts on RocksDB under {@code dir/data} and a free port; then sealed and uninitialized. */
  static OperatedServer start(Path dir) throws IOException {
    OperatedServer server = new OperatedServer(dir, ServerProcess.freePort());
    server.launch();
    return server;
  }

  /** Starts the process (again) and waits until it answers; it is then sealed. */
  void launch() throws IOException {
    current = DurableServer.start(dir.resolve("data"), dir.resolve("run-" + ++starts), "", port);
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
    assertThat(current.unseal(List.of(unsealKey)).getSealed()).isFalse();
  }

  /** SIGTERM; throws if the process did not end in time. */
  void stop() throws InterruptedException, IOException {
    current.stop();
    current.close();
  }

  String rootToken() {
    return rootToken;
  }

  ManagedChannel channel() {
    return current.channel();
  }

  /** What the current process printed on stderr. */
  String err() throws IOException {
    return current.process.err();
  }

  SysServiceGrpc.SysServiceBlockingStub sys(String token) {
    return current.sys(token);
  }

  AppRoleServiceGrpc.AppRoleServiceBlockingStub appRole(String token) {
    return current.appRole(token);
  }

  /** A token stub with a short deadline, for readers that poll. */
  TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    return current.tokens(token, 5);
  }

  @Override
  public void close() throws InterruptedException {
    if (current != null) {
      current.close();
    }
  }
}
