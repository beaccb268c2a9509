package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.Refused.invalid;
import static io.leasehold.server.grpc.Refused.precondition;
import static io.leasehold.server.grpc.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.leasehold.client.seal.RootTokenOtp;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.GenerateRootCancelRequest;
import io.leasehold.proto.v1.GenerateRootInitRequest;
import io.leasehold.proto.v1.GenerateRootStatusRequest;
import io.leasehold.proto.v1.GenerateRootStatusResponse;
import io.leasehold.proto.v1.GenerateRootUpdateRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.SealRequest;
import io.leasehold.proto.v1.TokenInfo;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** generate-root over gRPC, Vault's OTP flow, with a 5-key split and a threshold of 3. */
class GenerateRootGrpcTest {
  private final SealedLeasehold leasehold = new SealedLeasehold();
  private InitResponse init;

  @BeforeEach
  void initAndUnseal() {
    init = leasehold.init(5, 3);
    assertThat(leasehold.unseal(init.getKeysBase64List().subList(0, 3))).isTrue();
  }

  @AfterEach
  void close() {
    leasehold.close();
  }

  private GenerateRootStatusResponse start() {
    return leasehold.sys().generateRootInit(GenerateRootInitRequest.getDefaultInstance());
  }

  private GenerateRootStatusResponse update(String key, String nonce) {
    return leasehold.sys().generateRootUpdate(GenerateRootUpdateRequest.newBuilder().setKey(key)
        .setNonce(nonce).build());
  }

  private GenerateRootStatusResponse status() {
    return leasehold.sys().generateRootStatus(GenerateRootStatusRequest.getDefaultInstance());
  }

  private String key(int i) {
    return init.getKeysBase64(i);
  }

  @Test
  void endToEnd_threeKeys_theDecodedTokenIsANewRootToken() {
    GenerateRootStatusResponse started = start();
    assertThat(started.getStarted()).isTrue();
    assertThat(started.getNonce()).isNotEmpty();
    assertThat(started.getOtp()).hasSize(26).matches("[0-9A-Za-z]+");
    assertThat(started.getOtpLength()).isEqualTo(26);
    assertThat(started.getRequired()).isEqualTo(3);
    assertThat(started.getProgress()).isZero();
    assertThat(status().getOtp()).as("the pad is shown once").isEmpty();
    assertThat(status().getNonce()).isEqualTo(started.getNonce());

    String nonce = started.getNonce();
    assertThat(update(key(4), nonce).getProgress()).isEqualTo(1);
    assertThat(update(key(1), nonce).getProgress()).isEqualTo(2);
    assertThat(status().getProgress()).isEqualTo(2);
    GenerateRootStatusResponse done = update(key(3), nonce);

    assertThat(done.getComplete()).isTrue();
    assertThat(done.getProgress()).isEqualTo(3);
    assertThat(done.getEncodedRootToken()).isEqualTo(done.getEncodedToken());
    String token = RootTokenOtp.decode(done.getEncodedToken(), started.getOtp());
    assertThat(token).startsWith("s.").hasSize(26).isNotEqualTo(init.getRootToken());
    TokenInfo self = leasehold.tokens(token).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData();
    assertThat(self.getPoliciesList()).containsExactly("root");
    assertThat(self.getPath()).isEqualTo("auth/token/root");
    assertThat(self.getTtl().getSeconds()).isZero();
    assertThat(self.getOrphan()).isTrue();
    assertThat(leasehold.tokens(token).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("root").build()).getAuth().getPoliciesList()).containsExactly("root");
    assertThat(status().getStarted()).as("the attempt is over").isFalse();
  }

  @Test
  void encodedToken_isBase64OfTokenXorPad() {
    GenerateRootStatusResponse started = start();
    update(key(0), started.getNonce());
    update(key(1), started.getNonce());
    GenerateRootStatusResponse done = update(key(2), started.getNonce());

    byte[] mixed = Base64.getDecoder().decode(done.getEncodedToken());
    byte[] pad = started.getOtp().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(done.getEncodedToken()).doesNotContain("=");
    assertThat(mixed).hasSize(26);
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < mixed.length; i++) {
      token.append((char) (mixed[i] ^ pad[i]));
    }
    assertThat(token.toString()).isEqualTo(RootTokenOtp.decode(done.getEncodedToken(),
        started.getOtp()));
  }

  @Test
  void refusals_vaultsTexts() {
    precondition("no root generation in progress", "NO_ROOT_GENERATION",
        () -> update(key(0), "x"));
    String nonce = start().getNonce();
    precondition("root generation already in progress", "ROOT_GENERATION_IN_PROGRESS",
        this::start);
    invalid("incorrect nonce supplied; nonce for this root generation operation is \"" + nonce
        + "\"", "INCORRECT_NONCE", () -> update(key(0), "wrong"));
    invalid("'key' must be specified in request body as JSON", "MISSING_KEY",
        () -> update("", nonce));
    invalid("'key' must be a valid hex or base64 string", "MALFORMED_KEY",
        () -> update("%%%", nonce));
    update(key(0), nonce);
    invalid("given key has already been provided during this generation operation",
        "DUPLICATE_KEY", () -> update(key(0), nonce));
    assertThat(status().getProgress()).isEqualTo(1);
  }

  @Test
  void keysThatAreNotTheRootKeys_refused_countStartsOver_attemptStays() {
    String nonce = start().getNonce();
    byte[] wrong = Base64.getDecoder().decode(key(2));
    wrong[0] ^= 1;

    update(key(0), nonce);
    update(key(1), nonce);
    invalid("root generation aborted: root key verification failed: Unseal failed, invalid key",
        "INVALID_UNSEAL_KEY", () -> update(Base64.getEncoder().encodeToString(wrong), nonce));

    assertThat(status().getStarted()).isTrue();
    assertThat(status().getProgress()).isZero();
    update(key(2), nonce);
    update(key(3), nonce);
    assertThat(update(key(4), nonce).getComplete()).isTrue();
  }

  @Test
  void cancel_forgetsTheAttempt() {
    String nonce = start().getNonce();
    update(key(0), nonce);

    leasehold.sys().generateRootCancel(GenerateRootCancelRequest.getDefaultInstance());

    assertThat(status().getStarted()).isFalse();
    assertThat(status().getProgress()).isZero();
    assertThat(start().getNonce()).isNotEqualTo(nonce);
  }

  @Test
  void sealed_refusedUnavailable_andSealingCancelsTheAttempt() {
    start();
    leasehold.sys(init.getRootToken()).seal(SealRequest.getDefaultInstance());

    refused(Status.Code.UNAVAILABLE, "server is sealed", "SEALED", this::status);
    refused(Status.Code.UNAVAILABLE, "server is sealed", "SEALED", this::start);

    leasehold.unseal(List.of(key(0), key(1), key(2)));
    assertThat(status().getStarted()).isFalse();
  }
}
