package io.leasehold.server.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.CubbyholeServiceGrpc;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.server.Core;
import io.leasehold.server.core.seal.SealManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC face of a {@link Core}: Leasehold's services, health and reflection (v1), on Netty or on
 * any given {@link ServerBuilder} (tests pass an in-process one).
 *
 * <p>Health: {@code ""} and the sys service are SERVING while the process runs; the token,
 * AppRole and cubbyhole services are NOT_SERVING while sealed.
 *
 * <p>Handlers are called on the transport threads (direct executor). With an in-memory store,
 * cheap ones finish there and slow ones (tree revocations, scans) go to {@code slowWork}; with a
 * store that blocks, every call that touches it goes to {@code callWork} (see {@code Unary}).
 */
public final class GrpcServer {
  private final Server server;
  private final HealthStatusManager health;

  private GrpcServer(Server server, HealthStatusManager health) {
    this.server = server;
    this.health = health;
  }

  /**
   * Builds the services on Netty at {@code address} and starts them.
   *
   * @param slowWork where slow calls run (tree revocations, scans)
   * @param callWork where every call that touches storage runs, or {@code null} to run them on
   *     the transport threads (only for a storage that never blocks: see {@code Storage#blocking})
   */
  public static GrpcServer startNetty(InetSocketAddress address, Core core,
      ExecutorService slowWork, ExecutorService callWork, SealManager seal) throws IOException {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionAge(30, TimeUnit.MINUTES)
        .maxConnectionAgeGrace(5, TimeUnit.MINUTES)
        .maxInboundMessageSize(4 * 1024 * 1024);
    return start(builder, core, slowWork, callWork, seal);
  }

  /** As {@link #startNetty}, on {@code builder}. */
  public static GrpcServer start(ServerBuilder<?> builder, Core core, ExecutorService slowWork,
      ExecutorService callWork, SealManager seal) throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    Unary unary = new Unary(core.pipeline, slowWork, callWork);
    BindableService tokens = new TokenGrpcService(unary, core.creator, core.lookup, core.renewer,
        core.revocations, core.inventory, core.roles, core.tidy);
    BindableService sys = new SysGrpcService(unary, seal, core.mounts, core.authMethods,
        core.inventory, core.policies, core.capabilities);
    BindableService appRole = new AppRoleGrpcService(unary, core.appRoles, core.secretIds,
        core.appRoleLogin);
    BindableService cubbyhole = new CubbyholeGrpcService(unary, core.cubbyhole);
    CallerToken callerToken = new CallerToken();
    Server server = builder
        .directExecutor()
        .addService(ServerInterceptors.intercept(tokens, callerToken))
        .addService(ServerInterceptors.intercept(sys, callerToken))
        .addService(ServerInterceptors.intercept(cubbyhole, callerToken))
        .addService(ServerInterceptors.intercept(appRole, callerToken))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .build()
        .start();
    // The sys service answers (status, init, unseal) sealed or not; the others only unsealed.
    health.setStatus(SysServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    Runnable sealHealth = () -> {
      ServingStatus status = seal.sealed() ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
      health.setStatus(TokenServiceGrpc.SERVICE_NAME, status);
      health.setStatus(CubbyholeServiceGrpc.SERVICE_NAME, status);
      health.setStatus(AppRoleServiceGrpc.SERVICE_NAME, status);
    };
    sealHealth.run();
    seal.onSealChange(sealHealth);
    return new GrpcServer(server, health);
  }

  /** Where it listens (the first address), or null for a non-socket transport. */
  public InetSocketAddress address() {
    for (SocketAddress a : server.getListenSockets()) {
      if (a instanceof InetSocketAddress inet) {
        return inet;
      }
    }
    return null;
  }

  /** Marks everything NOT_SERVING, stops taking calls, lets in-flight calls finish (bounded). */
  public void shutdown(long graceMillis) throws InterruptedException {
    health.enterTerminalState();
    server.shutdown();
    if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }
}
