package io.leasehold.it;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ./leasehold server -dev} process on a free port with a random root token, ready
 * (health SERVING) when {@link #start} returns.
 */
final class DevServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final String rootToken;

  private DevServerProcess(Process process, int port, String rootToken) {
    this.process = process;
    this.port = port;
    this.rootToken = rootToken;
  }

  static DevServerProcess start(Path logDir) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String root = "root-" + UUID.randomUUID();
    ProcessBuilder pb = new ProcessBuilder(CliProcess.ROOT.resolve("leasehold").toString(),
        "server", "-dev", "-dev-root-token-id=" + root, "-dev-listen-address=127.0.0.1:" + port)
        .redirectOutput(logDir.resolve("server-out.txt").toFile())
        .redirectError(logDir.resolve("server-err.txt").toFile());
    pb.environment().put("LEASEHOLD_SKIP_BUILD", "1");
    Process process = pb.start();
    DevServerProcess server = new DevServerProcess(process, port, root);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      // Wait-for-ready holds the call until the server accepts connections: no sleeping.
      HealthGrpc.newBlockingStub(channel).withWaitForReady()
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    } finally {
      channel.shutdownNow();
    }
    return server;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  String rootToken() {
    return rootToken;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
