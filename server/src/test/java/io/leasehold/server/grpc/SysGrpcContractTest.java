package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static io.leasehold.server.grpc.Refused.badToken;
import static io.leasehold.server.grpc.Refused.denied;
import static io.leasehold.server.grpc.Refused.invalid;
import static io.leasehold.server.grpc.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.AuthTune;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.ReadAuthTuneRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RevokePrefixRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.WriteRoleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gRPC contract of sys.proto (seal status, auth tune, counters, revoke-prefix) and of what
 * the server offers besides Leasehold's services (health, reflection), in process on a fake clock.
 */
class SysGrpcContractTest {
  private static final long DEFAULT_TTL = 768 * 3600; // 2764800, Vault's system default

  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  @AfterEach
  void storeStaysConsistent() {
    assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
  }

  private TokenServiceGrpc.TokenServiceBlockingStub root() {
    return leasehold.tokens(ROOT);
  }

  private SysServiceGrpc.SysServiceBlockingStub sys() {
    return leasehold.sys(ROOT);
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  private static CreateTokenRequest.Builder req() {
    return CreateTokenRequest.newBuilder();
  }

  private CreateTokenResponse createAsRoot(CreateTokenRequest.Builder r) {
    return root().createToken(r.build());
  }

  private String tokenWithPolicies(String... policies) {
    return createAsRoot(req().addAllPolicies(List.of(policies))).getAuth().getClientToken();
  }

  private TokenInfo lookupAsRoot(String token) {
    return root().lookupToken(LookupTokenRequest.newBuilder().setToken(token).build()).getData();
  }

  private void writeZabbix() {
    root().writeRole(WriteRoleRequest.newBuilder()
        .setRoleName("zabbix")
        .setAllowedPolicies(StringList.newBuilder().addValues("policy1").addValues("policy2")
            .addValues("policy3"))
        .setOrphan(true)
        .setPeriod(seconds(8 * 3600))
        .build());
  }

  // ---- revoke-prefix ----

  @Test
  void revokePrefix_takesCreateAndCreateRoleButNotCreateOrphan() {
    writeZabbix();
    String viaCreate = tokenWithPolicies("default");
    String viaRole = root().createTokenAgainstRole(req().setRoleName("zabbix").build()).getAuth()
        .getClientToken();
    String viaOrphan = root().createOrphanToken(req().build()).getAuth().getClientToken();
    String childOfOrphan = leasehold.tokens(viaOrphan).createToken(req().addPolicies("default")
        .build()).getAuth().getClientToken();

    long revoked = sys().revokePrefix(RevokePrefixRequest.newBuilder()
        .setPrefix("auth/token/create").build()).getRevoked();

    assertThat(revoked).isEqualTo(3);
    badToken(() -> lookupAsRoot(viaCreate));
    badToken(() -> lookupAsRoot(viaRole));
    badToken(() -> lookupAsRoot(childOfOrphan));
    assertThat(lookupAsRoot(viaOrphan).getPath()).isEqualTo("auth/token/create-orphan");
    assertThat(sys().readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(2); // root and the create-orphan token
  }

  @Test
  void revokePrefix_withoutPrefix_isInvalid() {
    invalid("missing prefix", "MISSING_PREFIX", () -> sys().revokePrefix(
        RevokePrefixRequest.getDefaultInstance()));
  }

  // ---- seal status, tune, counters ----

  @Test
  void sealStatus_answersWithoutAToken() {
    SealStatusResponse s = leasehold.sys().sealStatus(SealStatusRequest.getDefaultInstance());
    assertThat(s.getType()).isEqualTo("shamir");
    assertThat(s.getInitialized()).isTrue();
    assertThat(s.getSealed()).isFalse();
    assertThat(s.getT()).isEqualTo(1);
    assertThat(s.getN()).isEqualTo(1);
    assertThat(s.getProgress()).isZero();
    assertThat(s.getStorageType()).isEqualTo("inmem");
    assertThat(s.getClusterName()).isNotEmpty();
    assertThat(s.getClusterId()).isNotEmpty();
    assertThat(s.getHaEnabled()).isFalse();
  }

  @Test
  void readAuthTune_defaultsTo768h() {
    for (String path : List.of("token", "token/")) {
      AuthTune tune = sys().readAuthTune(ReadAuthTuneRequest.newBuilder()
          .setPath(path).build());
      assertThat(tune.getDefaultLeaseTtl()).isEqualTo(seconds(DEFAULT_TTL));
      assertThat(tune.getMaxLeaseTtl()).isEqualTo(seconds(DEFAULT_TTL));
      assertThat(tune.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE);
      assertThat(tune.getForceNoCache()).isFalse();
    }
    refused(Status.Code.NOT_FOUND, "no auth mount at \"approle/\"", "MOUNT_NOT_FOUND",
        () -> sys().readAuthTune(ReadAuthTuneRequest.newBuilder()
            .setPath("approle").build()));
  }

  @Test
  void tuneAuth_changesTheTtlOfNewTokens() {
    sys().tuneAuth(TuneAuthRequest.newBuilder().setPath("token")
        .setDefaultLeaseTtl(seconds(8 * 3600)).setMaxLeaseTtl(seconds(720 * 3600)).build());
    AuthTune tune = sys().readAuthTune(ReadAuthTuneRequest.newBuilder()
        .setPath("token").build());
    assertThat(tune.getDefaultLeaseTtl()).isEqualTo(seconds(8 * 3600));
    assertThat(tune.getMaxLeaseTtl()).isEqualTo(seconds(720 * 3600));

    CreateTokenResponse plain = createAsRoot(req().addPolicies("default"));
    assertThat(plain.getAuth().getLeaseDuration()).isEqualTo(seconds(8 * 3600));
    assertThat(plain.getWarningsList()).isEmpty();

    CreateTokenResponse tooLong = createAsRoot(req().addPolicies("default")
        .setTtl(seconds(1000 * 3600)));
    assertThat(tooLong.getAuth().getLeaseDuration()).isEqualTo(seconds(720 * 3600));
    assertThat(tooLong.getWarningsList()).containsExactly("TTL of \"1000h\" exceeded the"
        + " effective max_ttl of \"720h\"; TTL value is capped accordingly");

    // Zero goes back to the system default.
    sys().tuneAuth(TuneAuthRequest.newBuilder().setPath("token")
        .setDefaultLeaseTtl(seconds(0)).setMaxLeaseTtl(seconds(0)).build());
    assertThat(sys().readAuthTune(ReadAuthTuneRequest.newBuilder()
        .setPath("token").build()).getDefaultLeaseTtl()).isEqualTo(seconds(DEFAULT_TTL));
  }

  @Test
  void tuneAuth_maxBelowDefault_isRefused() {
    invalid("backend max lease TTL of 3600 would be less than backend default lease TTL of 7200",
        "INVALID_TTL", () -> sys().tuneAuth(TuneAuthRequest.newBuilder()
            .setPath("token").setDefaultLeaseTtl(seconds(7200)).setMaxLeaseTtl(seconds(3600))
            .build()));
    // Nothing changed.
    assertThat(sys().readAuthTune(ReadAuthTuneRequest.newBuilder()
        .setPath("token").build()).getDefaultLeaseTtl()).isEqualTo(seconds(DEFAULT_TTL));
  }

  @Test
  void tuneAuth_tokenTypeOnTheTokenMount_isRefused() {
    invalid("'token_type' cannot be set for 'token' or 'ns_token' auth mounts",
        "TOKEN_TYPE_NOT_ALLOWED", () -> sys().tuneAuth(TuneAuthRequest.newBuilder()
            .setPath("token").setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH).build()));
  }

  @Test
  void readTokenCounters_countsServiceTokens() {
    var sys = sys();
    assertThat(sys.readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(1);
    String a = tokenWithPolicies("default");
    tokenWithPolicies("default");
    root().createOrphanToken(req().build());
    assertThat(sys.readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(4);
    root().revokeToken(RevokeTokenRequest.newBuilder().setToken(a).build());
    assertThat(sys.readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(3);
  }

  @Test
  void nonRootToken_tuningOrRevokingByPrefix_isPermissionDenied() {
    String t = tokenWithPolicies("default");
    denied(() -> leasehold.sys(t).tuneAuth(TuneAuthRequest.newBuilder().setPath("token")
        .setDefaultLeaseTtl(seconds(60)).build()));
    denied(() -> leasehold.sys(t).readAuthTune(ReadAuthTuneRequest.newBuilder().setPath("token")
        .build()));
    denied(() -> leasehold.sys(t).revokePrefix(RevokePrefixRequest.newBuilder()
        .setPrefix("auth/token/create").build()));
  }

  // ---- health and reflection ----

  @Test
  void health_isServing() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(leasehold.channel());
    for (String service : List.of("", "leasehold.v1.TokenService", "leasehold.v1.SysService",
        "leasehold.v1.AppRoleService")) {
      assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build())
          .getStatus()).as(service).isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  void reflection_listsTheServices() throws Exception {
    assertThat(reflectedServices(leasehold.channel())).contains("leasehold.v1.TokenService",
        "leasehold.v1.SysService", "leasehold.v1.AppRoleService", "grpc.health.v1.Health");
  }

  /** The services the server lists through grpc.reflection.v1. */
  static List<String> reflectedServices(Channel channel) throws Exception {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    List<String> names = new ArrayList<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse r) {
            for (ServiceResponse s : r.getListServicesResponse().getServiceList()) {
              names.add(s.getName());
            }
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(names);
          }
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    return done.get(10, TimeUnit.SECONDS);
  }
}
