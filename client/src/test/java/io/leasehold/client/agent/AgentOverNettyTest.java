package io.leasehold.client.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.cli.LeaseholdCli;
import io.leasehold.client.renewal.Login;
import io.leasehold.client.renewal.TokenLease;
import io.leasehold.proto.v1.RenewSelfRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.RevokeTokenResponse;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenServiceGrpc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code leasehold agent} end to end in this JVM, against a fake TokenService on a real Netty
 * port: the token reaches the sink, renew-self carries it in {@code x-leasehold-token}, and the
 * shutdown hook revokes it. Real time, so the lease is short (3 s, renewed after ~2 s); waits
 * poll with a deadline.
 */
class AgentOverNettyTest {
  private static final String TOKEN = "hvs.agent-netty-token";
  private static final Metadata.Key<String> HEADER =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path dir;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private Server server;

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void agent_writesTheToken_renewsItOverGrpc_andRevokesItAtShutdown() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(new Tokens(), new RecordToken()))
        .build().start();
    Files.writeString(dir.resolve("role_id"), "role");
    Path config = Files.writeString(dir.resolve("agent.hcl"), """
        revoke_on_shutdown = true
        auto_auth {
          method "approle" {
            config { role_id_file_path = "role_id" }
          }
          sink "file" {
            config { path = "token" }
          }
        }
        """);
    List<Thread> hooks = new CopyOnWriteArrayList<>();
    AgentCommand command = new AgentCommand(
        Map.of("LEASEHOLD_ADDR", "127.0.0.1:" + server.getPort())::get, hooks::add,
        (channel, deadline) -> (role, secret) ->
            new Login(TOKEN, TokenLease.of(java.time.Duration.ofSeconds(3), true), true));
    CommandLine cli = LeaseholdCli.newCommandLine(List.of(command));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));

    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> LeaseholdCli.execute(cli, "agent", "-config=" + config));
    poll(() -> err.toString().contains("token renewed: ttl 3s"));
    assertThat(calls).contains("RenewSelf " + TOKEN);
    assertThat(Files.readString(dir.resolve("token"))).isEqualTo(TOKEN);
    assertThat(hooks).hasSize(1);

    hooks.get(0).start();
    hooks.get(0).join(10_000);

    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    assertThat(calls).contains("RevokeSelf " + TOKEN);
    assertThat(err.toString()).contains("token written to 1 sink(s)", "token renewed: ttl 3s")
        .doesNotContain(TOKEN);
  }

  private static void poll(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("timed out").isNegative();
      // A real wait, between polls only: the agent runs on real time against a Netty server
      // (this test is about the wire), so there is no fake clock to advance; the loop has a deadline.
      Thread.sleep(20);
    }
  }

  private final class RecordToken implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      calls.add(call.getMethodDescriptor().getBareMethodName() + " " + headers.get(HEADER));
      return next.startCall(call, headers);
    }
  }

  private static final class Tokens extends TokenServiceGrpc.TokenServiceImplBase {
    @Override
    public void renewSelf(RenewSelfRequest request, StreamObserver<RenewTokenResponse> out) {
      out.onNext(RenewTokenResponse.newBuilder().setAuth(TokenAuth.newBuilder()
          .setLeaseDuration(Duration.newBuilder().setSeconds(3)).setRenewable(true)).build());
      out.onCompleted();
    }

    @Override
    public void revokeSelf(RevokeSelfRequest request, StreamObserver<RevokeTokenResponse> out) {
      out.onNext(RevokeTokenResponse.getDefaultInstance());
      out.onCompleted();
    }
  }
}
