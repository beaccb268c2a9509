package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.Refused.denied;
import static io.leasehold.server.grpc.Refused.invalid;
import static io.leasehold.server.grpc.Refused.precondition;
import static io.leasehold.server.grpc.Refused.refused;
import static io.leasehold.server.grpc.Refused.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.ListAuthMountsRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.SealRequest;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.UnsealRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** init, unseal, seal and seal status over gRPC, on a server that is not in dev mode. */
class SealGrpcTest {
  private final SealedLeasehold leasehold = new SealedLeasehold();

  @AfterEach
  void close() {
    leasehold.close();
  }

  private SealStatusResponse status() {
    return leasehold.sys().sealStatus(SealStatusRequest.getDefaultInstance());
  }

  private SealStatusResponse unsealWith(String key) {
    return leasehold.sys().unseal(UnsealRequest.newBuilder().setKey(key).build());
  }

  private static void sealed(ThrowingCallable call) {
    refused(Status.Code.UNAVAILABLE, "server is sealed", "SEALED", call);
  }

  @Test
  void newServer_notInitialized_sealed() {
    SealStatusResponse s = status();

    assertThat(s.getType()).isEqualTo("shamir");
    assertThat(s.getInitialized()).isFalse();
    assertThat(s.getSealed()).isTrue();
    assertThat(s.getT()).isZero();
    assertThat(s.getN()).isZero();
    assertThat(s.getProgress()).isZero();
    assertThat(s.getNonce()).isEmpty();
    assertThat(s.getVersion()).isNotBlank();
    assertThat(s.getStorageType()).isEqualTo("inmem");
    assertThat(s.getClusterName()).isEmpty();
    assertThat(s.getClusterId()).isEmpty();
    assertThat(s.getHaEnabled()).isFalse();
    precondition("server is not initialized", "NOT_INITIALIZED",
        () -> unsealWith(Base64.getEncoder().encodeToString(new byte[32])));
  }

  @ParameterizedTest(name = "{0} shares, threshold {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "0|0|shares must be at least one",
      "-1|3|shares must be at least one",
      "1|0|threshold must be at least one",
      "3|1|threshold must be greater than one for multiple shares",
      "256|2|shares must be less than 256",
      "5|256|threshold must be less than 256",
      "3|4|threshold cannot be larger than shares"})
  void init_badSplit_vaultsTexts(int shares, int threshold, String problem) {
    invalid("invalid seal configuration: " + problem, "INVALID_SEAL_CONFIG",
        () -> leasehold.init(shares, threshold));
    assertThat(status().getInitialized()).isFalse();
  }

  @Test
  void init_returnsKeysAndRootTokenOnce_staysSealed_refusesASecondInit() {
    InitResponse init = leasehold.init(5, 3);

    assertThat(init.getKeysBase64List()).hasSize(5).doesNotHaveDuplicates();
    assertThat(init.getKeysList()).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(Base64.getDecoder().decode(init.getKeysBase64(i)))
          .isEqualTo(HexFormat.of().parseHex(init.getKeys(i)))
          .hasSize(33);
    }
    assertThat(init.getRootToken()).startsWith("s.").hasSize(26);
    SealStatusResponse s = status();
    assertThat(s.getInitialized()).isTrue();
    assertThat(s.getSealed()).isTrue();
    assertThat(s.getT()).isEqualTo(3);
    assertThat(s.getN()).isEqualTo(5);
    precondition("server is already initialized", "ALREADY_INITIALIZED",
        () -> leasehold.init(1, 1));
  }

  @Test
  void unseal_keyByKey_progressNonceAndReset() {
    List<String> keys = leasehold.init(5, 3).getKeysBase64List();

    SealStatusResponse first = unsealWith(keys.get(0));
    assertThat(first.getProgress()).isEqualTo(1);
    assertThat(first.getNonce()).isNotEmpty();
    assertThat(first.getSealed()).isTrue();
    SealStatusResponse again = unsealWith(keys.get(0));
    assertThat(again.getProgress()).as("a key given twice counts once").isEqualTo(1);
    assertThat(again.getNonce()).isEqualTo(first.getNonce());
    assertThat(unsealWith(HexFormat.of().formatHex(Base64.getDecoder().decode(keys.get(4))))
        .getProgress()).as("hex works too").isEqualTo(2);

    SealStatusResponse reset = leasehold.sys().unseal(UnsealRequest.newBuilder().setReset(true)
        .build());
    assertThat(reset.getProgress()).isZero();
    assertThat(reset.getNonce()).isEmpty();
    assertThat(unsealWith(keys.get(1)).getNonce()).isNotEqualTo(first.getNonce());
  }

  @Test
  void unseal_threshold_unsealsAndStartsServing() {
    InitResponse init = leasehold.init(5, 3);
    String root = init.getRootToken();
    sealed(() -> leasehold.tokens(root).lookupSelf(LookupSelfRequest.getDefaultInstance()));

    assertThat(leasehold.unseal(List.of(init.getKeysBase64(4), init.getKeysBase64(0),
        init.getKeysBase64(2)))).isTrue();

    SealStatusResponse s = status();
    assertThat(s.getSealed()).isFalse();
    assertThat(s.getProgress()).isZero();
    assertThat(s.getNonce()).isEmpty();
    assertThat(s.getT()).isEqualTo(3);
    assertThat(s.getN()).isEqualTo(5);
    assertThat(s.getClusterName()).matches("leasehold-cluster-[0-9a-f]{8}");
    assertThat(s.getClusterId()).matches("[0-9a-f-]{36}");
    var self = leasehold.tokens(root).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData();
    assertThat(self.getPoliciesList()).containsExactly("root");
    assertThat(self.getPath()).isEqualTo("auth/token/root");
    assertThat(unsealWith(init.getKeysBase64(1)).getSealed())
        .as("unsealing an unsealed server does nothing").isFalse();
  }

  @Test
  void unseal_keysThatDoNotJoinIntoTheRootKey_refused_attemptStartsOver() {
    InitResponse init = leasehold.init(5, 3);
    byte[] foreign = Base64.getDecoder().decode(init.getKeysBase64(2));
    foreign[5] ^= 0x40; // same index, different share

    unsealWith(init.getKeysBase64(0));
    unsealWith(init.getKeysBase64(1));
    invalid("Unseal failed, invalid key", "INVALID_UNSEAL_KEY",
        () -> unsealWith(Base64.getEncoder().encodeToString(foreign)));

    assertThat(status().getSealed()).isTrue();
    assertThat(status().getProgress()).isZero();
    assertThat(leasehold.unseal(init.getKeysBase64List().subList(2, 5))).isTrue();
  }

  @Test
  void unseal_malformedKeys_vaultsTexts_countNothing() {
    leasehold.init(5, 3);

    invalid("'key' must be specified in request body as JSON, or 'reset' set to true",
        "MISSING_KEY", () -> unsealWith(""));
    invalid("'key' must be a valid hex or base64 string", "MALFORMED_KEY",
        () -> unsealWith("not a key!"));
    invalid("invalid key: key is shorter than minimum 32 bytes", "INVALID_KEY_LENGTH",
        () -> unsealWith(Base64.getEncoder().encodeToString(new byte[31])));
    invalid("invalid key: key is longer than maximum 33 bytes", "INVALID_KEY_LENGTH",
        () -> unsealWith(HexFormat.of().formatHex(new byte[34])));
    assertThat(status().getProgress()).isZero();
  }

  @Test
  void seal_needsSudo_thenOnlyStatusInitAndUnsealAnswer_andStateSurvives() {
    InitResponse init = leasehold.init(3, 2);
    leasehold.unseal(init.getKeysBase64List().subList(0, 2));
    String root = init.getRootToken();
    String child = leasehold.tokens(root).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("default").build()).getAuth().getClientToken();

    denied(() -> leasehold.sys(child).seal(SealRequest.getDefaultInstance()));
    unauthenticated(() -> leasehold.sys().seal(SealRequest.getDefaultInstance()));
    leasehold.sys(root).seal(SealRequest.getDefaultInstance());

    SealStatusResponse s = status();
    assertThat(s.getSealed()).isTrue();
    assertThat(s.getInitialized()).isTrue();
    assertThat(s.getT()).isEqualTo(2);
    assertThat(s.getN()).isEqualTo(3);
    assertThat(s.getClusterName()).isEmpty();
    sealed(() -> leasehold.tokens(child).lookupSelf(LookupSelfRequest.getDefaultInstance()));
    sealed(() -> leasehold.tokens("s.garbage").lookupSelf(LookupSelfRequest.getDefaultInstance()));
    sealed(() -> leasehold.sys(root).listAuthMounts(ListAuthMountsRequest.getDefaultInstance()));
    sealed(() -> leasehold.sys(root).seal(SealRequest.getDefaultInstance()));
    precondition("server is already initialized", "ALREADY_INITIALIZED",
        () -> leasehold.init(1, 1));

    assertThat(leasehold.unseal(init.getKeysBase64List().subList(1, 3))).isTrue();
    assertThat(leasehold.tokens(child).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData().getPoliciesList()).containsExactly("default");
  }

  @Test
  void health_tokenAndCubbyholeServices_notServingWhileSealed() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(leasehold.sys().getChannel());
    java.util.function.Function<String, ServingStatus> check = service -> health.check(
        HealthCheckRequest.newBuilder().setService(service).build()).getStatus();

    assertThat(check.apply("leasehold.v1.TokenService")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(check.apply("leasehold.v1.CubbyholeService")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(check.apply("leasehold.v1.SysService")).isEqualTo(ServingStatus.SERVING);
    assertThat(check.apply("")).isEqualTo(ServingStatus.SERVING);
    InitResponse init = leasehold.init(1, 1);
    leasehold.unseal(init.getKeysBase64List());
    assertThat(check.apply("leasehold.v1.TokenService")).isEqualTo(ServingStatus.SERVING);
    assertThat(check.apply("leasehold.v1.CubbyholeService")).isEqualTo(ServingStatus.SERVING);

    leasehold.sys(init.getRootToken()).seal(SealRequest.getDefaultInstance());

    assertThat(check.apply("leasehold.v1.TokenService")).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void init_removesWhatAnInterruptedInitLeft() {
    // An init that crashed before writing its keyring and config leaves values nothing can read.
    leasehold.disk.transact(tx -> {
      tx.put(io.leasehold.server.storage.Keys.of("token/id/left-over"), new byte[] {1, 2, 3});
      return null;
    });

    InitResponse init = leasehold.init(1, 1);

    assertThat(leasehold.disk.get(io.leasehold.server.storage.Keys.of("token/id/left-over")))
        .isEmpty();
    assertThat(leasehold.unseal(init.getKeysBase64List())).isTrue();
    assertThat(leasehold.tokens(init.getRootToken()).lookupSelf(
        LookupSelfRequest.getDefaultInstance()).getData().getPoliciesList())
        .containsExactly("root");
  }

  @Test
  void oneShare_theKeyIsTheRootKey_unsealsAtOnce() {
    InitResponse init = leasehold.init(1, 1);

    assertThat(Base64.getDecoder().decode(init.getKeysBase64(0))).hasSize(32);
    SealStatusResponse s = unsealWith(init.getKeysBase64(0));
    assertThat(s.getSealed()).isFalse();
    assertThat(s.getT()).isEqualTo(1);
  }
}
