package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenServiceGrpc;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it: {@code ./leasehold server -dev
 * -dev-root-token-id=root} is a real process that answers health within 20 s, lists our services
 * by reflection, serves the root token, and stops cleanly on SIGTERM.
 */
class DevServerProcessTest {
  @TempDir
  Path tmp;

  private ServerProcess server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void devServerStartsAnswersAndStops() throws Exception {
    int port = ServerProcess.freePort();
    long started = System.nanoTime();
    server = ServerProcess.start(tmp, port, "-dev", "-dev-root-token-id=root",
        "-dev-listen-address=127.0.0.1:" + port);
    ManagedChannel channel = server.channel;
    // Wait-for-ready holds the call until the server accepts connections: no sleeping, and the
    // deadline is the 20 s the issue allows.
    ServingStatus status = HealthGrpc.newBlockingStub(channel).withWaitForReady()
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    long answeredMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(status).isEqualTo(ServingStatus.SERVING);
    assertThat(answeredMillis).isLessThan(20_000);

    assertThat(Reflection.listServices(channel)).contains("leasehold.v1.TokenService",
        "leasehold.v1.SysService", "grpc.health.v1.Health");

    Metadata md = new Metadata();
    md.put(Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER), "root");
    TokenInfo self = TokenServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .lookupSelf(LookupSelfRequest.getDefaultInstance()).getData();
    assertThat(self.getPoliciesList()).containsExactly("root");
    assertThat(self.getPath()).isEqualTo("auth/token/root");

    String banner = server.out();
    assertThat(banner).contains("$ export LEASEHOLD_ADDR='127.0.0.1:" + port + "'")
        .contains("Root Token: root").containsPattern("Unseal Key: [A-Za-z0-9+/=]{44}");

    assertThat(server.terminate()).as("stopped after SIGTERM").isTrue();
    assertThat(server.err()).doesNotContain("Exception");
  }
}
