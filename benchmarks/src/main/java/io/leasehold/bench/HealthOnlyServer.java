package io.leasehold.bench;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A plain grpc-java server on 127.0.0.1 with nothing but the health service, handlers on the
 * event loop. For checking the generator itself (its tests, {@code --server=health-only}) and
 * for the bare transport figure; not a Leasehold server.
 */
public final class HealthOnlyServer implements AutoCloseable {
  private final Server server;

  private HealthOnlyServer(Server server) {
    this.server = server;
  }

  /** Starts one serving the standard health service (status SERVING) on an ephemeral port. */
  public static HealthOnlyServer start() throws IOException {
    return start(new HealthStatusManager().getHealthService());
  }

  /** Starts one serving {@code service} (tests pass a fake health implementation). */
  public static HealthOnlyServer start(BindableService service) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service)
            .directExecutor()
            .build()
            .start();
    return new HealthOnlyServer(server);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
