package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenInfo;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A started LeaseholdServer over Netty: health, reflection, status and its dev root token. */
class ServerSmokeTest {
  @RegisterExtension
  final LiveServer live = new LiveServer();

  @Test
  void listensOnAnEphemeralLoopbackPort() {
    assertThat(live.server().address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(live.server().port()).isPositive().isNotEqualTo(8200);
  }

  @Test
  void healthIsServing() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(live.channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    for (String service : List.of("", "leasehold.v1.TokenService", "leasehold.v1.SysService")) {
      assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build())
          .getStatus()).as(service).isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  void reflectionListsTheServices() throws Exception {
    assertThat(Reflection.listServices(live.channel())).contains("leasehold.v1.TokenService",
        "leasehold.v1.SysService", "grpc.health.v1.Health");
  }

  // vault status
  @Test
  void sealStatusAsInTheLab() {
    SealStatusResponse s = SysServiceGrpc.newBlockingStub(live.channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .sealStatus(SealStatusRequest.getDefaultInstance());
    assertThat(s.getType()).isEqualTo("shamir");       // Seal Type
    assertThat(s.getInitialized()).isTrue();           // Initialized
    assertThat(s.getSealed()).isFalse();               // Sealed
    assertThat(s.getN()).isEqualTo(1);                 // Total Shares
    assertThat(s.getT()).isEqualTo(1);                 // Threshold
    assertThat(s.getStorageType()).isEqualTo("inmem"); // Storage Type
    assertThat(s.getHaEnabled()).isFalse();            // HA Enabled
    assertThat(s.getClusterName()).matches("leasehold-cluster-[0-9a-f]{8}");
    assertThat(s.getClusterId())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void devRootTokenIsTheInitialRootToken() {
    assertThat(live.rootToken()).matches("s\\.[0-9A-Za-z]{24}");
    TokenInfo self = live.root().lookupSelf(LookupSelfRequest.getDefaultInstance()).getData();
    assertThat(self.getPoliciesList()).containsExactly("root");
    assertThat(self.getPath()).isEqualTo("auth/token/root");
    assertThat(self.getOrphan()).isTrue();
    assertThat(self.hasExpireTime()).isFalse();
    assertThat(self.hasRenewable()).isFalse();
  }
}
