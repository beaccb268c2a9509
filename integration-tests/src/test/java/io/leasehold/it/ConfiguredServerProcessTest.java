package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.leasehold.client.seal.RootTokenOtp;
import io.leasehold.proto.v1.GenerateRootInitRequest;
import io.leasehold.proto.v1.GenerateRootStatusResponse;
import io.leasehold.proto.v1.GenerateRootUpdateRequest;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.SealRequest;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.UnsealRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator flow over gRPC against a real {@code ./leasehold server -config=FILE} process
 * (in-memory storage; CliOperatorFlowTest runs it with the CLI on RocksDB): it starts sealed and
 * uninitialized; init 5/3,
 * three unseals, status, seal (token calls then fail UNAVAILABLE), unseal again, generate-root
 * with three keys, and the decoded root token works.
 */
class ConfiguredServerProcessTest {
  @TempDir
  Path tmp;

  private ServerProcess server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private SysServiceGrpc.SysServiceBlockingStub sys() {
    return SysServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private SysServiceGrpc.SysServiceBlockingStub sys(String token) {
    return sys().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token(token)));
  }

  private TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    return TokenServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token(token)));
  }

  private static Metadata token(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER), token);
    return md;
  }

  private SealStatusResponse status() {
    return sys().sealStatus(SealStatusRequest.getDefaultInstance());
  }

  private SealStatusResponse unseal(String key) {
    return sys().unseal(UnsealRequest.newBuilder().setKey(key).build());
  }

  @Test
  void initUnsealSealUnsealGenerateRoot() throws Exception {
    int port = ServerProcess.freePort();
    Path config = tmp.resolve("server.hcl");
    Files.writeString(config, String.join("\n",
        "storage \"inmem\" {}",
        "listener \"tcp\" {",
        "  address     = \"127.0.0.1:" + port + "\"",
        "  tls_disable = true",
        "}",
        "cluster_name = \"it-cluster\"",
        ""));
    server = ServerProcess.start(tmp, port, "-config=" + config);
    channel = server.channel;
    assertThat(HealthGrpc.newBlockingStub(channel).withWaitForReady()
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("leasehold.v1.SysService").build())
        .getStatus()).isEqualTo(ServingStatus.SERVING);

    assertThat(status().getInitialized()).isFalse();
    InitResponse init = sys().init(InitRequest.newBuilder().setSecretShares(5)
        .setSecretThreshold(3).build());
    List<String> keys = init.getKeysBase64List();
    String root = init.getRootToken();
    assertThat(unseal(keys.get(0)).getProgress()).isEqualTo(1);
    assertThat(unseal(keys.get(1)).getProgress()).isEqualTo(2);
    assertThat(unseal(keys.get(2)).getSealed()).isFalse();

    SealStatusResponse s = status();
    assertThat(s.getType()).isEqualTo("shamir");
    assertThat(s.getT()).isEqualTo(3);
    assertThat(s.getN()).isEqualTo(5);
    assertThat(s.getStorageType()).isEqualTo("inmem");
    assertThat(s.getClusterName()).isEqualTo("it-cluster");
    assertThat(s.getClusterId()).isNotEmpty();
    assertThat(tokens(root).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData()
        .getPoliciesList()).containsExactly("root");

    sys(root).seal(SealRequest.getDefaultInstance());
    assertThat(status().getSealed()).isTrue();
    StatusRuntimeException sealed = catchThrowableOfType(StatusRuntimeException.class,
        () -> tokens(root).lookupSelf(LookupSelfRequest.getDefaultInstance()));
    assertThat(sealed.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(sealed.getStatus().getDescription()).isEqualTo("server is sealed");

    unseal(keys.get(4));
    unseal(keys.get(3));
    assertThat(unseal(keys.get(2)).getSealed()).isFalse();

    GenerateRootStatusResponse started = sys().generateRootInit(
        GenerateRootInitRequest.getDefaultInstance());
    GenerateRootStatusResponse done = null;
    for (String key : List.of(keys.get(1), keys.get(3), keys.get(0))) {
      done = sys().generateRootUpdate(GenerateRootUpdateRequest.newBuilder().setKey(key)
          .setNonce(started.getNonce()).build());
    }
    assertThat(done.getComplete()).isTrue();
    String newRoot = RootTokenOtp.decode(done.getEncodedToken(), started.getOtp());
    assertThat(tokens(newRoot).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData()
        .getPoliciesList()).containsExactly("root");

    String banner = server.out();
    assertThat(banner).contains("Storage: inmem").contains("Cluster Name: it-cluster")
        .contains("The server is not initialized");
    assertThat(server.terminate()).as("stopped after SIGTERM").isTrue();
    String errors = server.err();
    assertThat(errors).doesNotContain("Exception");
    for (String key : keys) {
      assertThat(errors).doesNotContain(key);
      assertThat(banner).doesNotContain(key);
    }
  }
}
