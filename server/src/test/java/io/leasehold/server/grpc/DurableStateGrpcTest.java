package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.Refused.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.CubbyholeServiceGrpc;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RotateRequest;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.WriteRoleRequest;
import io.leasehold.server.Core;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the store holds at rest, and what a restart on the same store brings back. */
class DurableStateGrpcTest {
  private static final String POLICY_TEXT =
      "path \"very/secret/path-zq\" { capabilities = [\"read\"] }";
  private static final String CUBBY_SECRET = "cubby-secret-value-xyz";

  private final SealedLeasehold leasehold = new SealedLeasehold();

  @AfterEach
  void close() {
    leasehold.close();
  }

  private CreateTokenResponse create(String parent, CreateTokenRequest.Builder req) {
    return leasehold.tokens(parent).createToken(req.build());
  }

  private long serviceTokens(String root) {
    return leasehold.sys(root).readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal();
  }

  @Test
  void aPopulatedStore_holdsNoSecretInTheClear() {
    // One share: the unseal key is then the root key itself, so the scan also looks for it.
    InitResponse init = leasehold.init(1, 1);
    String root = init.getRootToken();
    leasehold.unseal(init.getKeysBase64List());
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    secrets.put("root token", utf8(root));
    secrets.put("root key", Base64.getDecoder().decode(init.getKeysBase64(0)));
    leasehold.sys(root).writePolicy(WritePolicyRequest.newBuilder().setName("app")
        .setPolicy(POLICY_TEXT).build());
    secrets.put("policy text", utf8("very/secret/path-zq"));
    leasehold.tokens(root).writeRole(WriteRoleRequest.newBuilder().setRoleName("web")
        .setAllowedPolicies(io.leasehold.proto.v1.StringList.newBuilder().addValues("app"))
        .build());
    for (int i = 0; i < 20; i++) {
      CreateTokenRequest.Builder req = CreateTokenRequest.newBuilder().addPolicies("app");
      if (i == 0) {
        req.setId("custom-secret-id-0042");
      }
      if (i % 3 == 0) {
        req.setTtl(Duration.newBuilder().setSeconds(3600));
      }
      CreateTokenResponse t = create(root, req);
      secrets.put("token " + i, utf8(t.getAuth().getClientToken()));
      secrets.put("accessor " + i, utf8(t.getAuth().getAccessor()));
    }
    CreateTokenResponse child = create(root, CreateTokenRequest.newBuilder()
        .addPolicies("default"));
    secrets.put("child token", utf8(child.getAuth().getClientToken()));
    CubbyholeServiceGrpc.newBlockingStub(channelOf()).withInterceptors(
        InProcessLeasehold.withToken(child.getAuth().getClientToken())).write(
            CubbyholeWriteRequest.newBuilder().setPath("pw").setData(Struct.newBuilder()
                .putFields("v", Value.newBuilder().setStringValue(CUBBY_SECRET).build()))
                .build());
    secrets.put("cubbyhole value", utf8(CUBBY_SECRET));
    leasehold.sys(root).rotate(RotateRequest.getDefaultInstance());
    create(root, CreateTokenRequest.newBuilder().addPolicies("app"));
    Core core = leasehold.server().core();
    secrets.put("keyed-hash salt", core.storage.get(Keys.of("sys/token/salt")).orElseThrow());
    secrets.put("batch keyset", core.storage.get(Keys.of("sys/batch/keyset")).orElseThrow());

    List<KeyValue> atRest = leasehold.disk.scan(null, null, Integer.MAX_VALUE);
    List<KeyValue> decrypted = core.storage.scan(null, null, Integer.MAX_VALUE);

    assertThat(atRest).hasSizeGreaterThan(decrypted.size());
    assertThat(found(decrypted, secrets)).as("the search finds them in decrypted values")
        .contains("policy text", "cubbyhole value", "keyed-hash salt", "batch keyset");
    assertThat(found(atRest, secrets)).as("secrets found at rest").isEmpty();
  }

  @Test
  void restart_startsSealed_unsealsWithTheSameKeys_sweepsWhatExpiredWhileDown_resumesRevocations() {
    InitResponse init = leasehold.init(3, 2);
    String root = init.getRootToken();
    leasehold.unseal(init.getKeysBase64List().subList(0, 2));
    String shortLived = create(root, CreateTokenRequest.newBuilder().addPolicies("default")
        .setTtl(Duration.newBuilder().setSeconds(60))).getAuth().getClientToken();
    String longLived = create(root, CreateTokenRequest.newBuilder().addPolicies("default")
        .setTtl(Duration.newBuilder().setSeconds(86_400))).getAuth().getClientToken();
    String parent = create(root, CreateTokenRequest.newBuilder().addPolicies("root"))
        .getAuth().getClientToken();
    String child = create(parent, CreateTokenRequest.newBuilder().addPolicies("default"))
        .getAuth().getClientToken();
    // A crash in the middle of revoking the parent's tree: begun (recorded), not finished.
    Core core = leasehold.server().core();
    String parentHash = core.tokens.hashOf(parent);
    assertThat(core.storage.<Boolean>transact(tx -> core.revoker.beginTree(tx, parentHash)))
        .isTrue();
    assertThat(serviceTokens(root)).isEqualTo(5);
    SealStatusResponse before = leasehold.sys().sealStatus(SealStatusRequest.getDefaultInstance());

    leasehold.stop();
    leasehold.clock.advanceSeconds(120);
    leasehold.start();

    SealStatusResponse after = leasehold.sys().sealStatus(SealStatusRequest.getDefaultInstance());
    assertThat(after.getInitialized()).isTrue();
    assertThat(after.getSealed()).isTrue();
    assertThat(after.getT()).isEqualTo(2);
    assertThat(after.getN()).isEqualTo(3);
    assertThat(leasehold.unseal(init.getKeysBase64List().subList(1, 3))).isTrue();
    leasehold.clock.advance(0); // runs the sweep the unseal scheduled for "now"
    SealStatusResponse unsealed =
        leasehold.sys().sealStatus(SealStatusRequest.getDefaultInstance());
    assertThat(unsealed.getClusterId()).isEqualTo(before.getClusterId());
    assertThat(unsealed.getClusterName()).isEqualTo(before.getClusterName());

    unauthenticated(() -> leasehold.tokens(shortLived).lookupSelf(
        LookupSelfRequest.getDefaultInstance()));
    unauthenticated(() -> leasehold.tokens(parent).lookupSelf(
        LookupSelfRequest.getDefaultInstance()));
    unauthenticated(() -> leasehold.tokens(child).lookupSelf(
        LookupSelfRequest.getDefaultInstance()));
    assertThat(leasehold.tokens(longLived).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData().getTtl().getSeconds()).isEqualTo(86_400 - 120);
    assertThat(serviceTokens(root)).as("root and the long-lived token").isEqualTo(2);
    assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
  }

  @Test
  void unsealingAStoreOfManyTokens_readsAHandfulOfEntries_notTheTokens() {
    InitResponse init = leasehold.init(1, 1);
    String root = init.getRootToken();
    leasehold.unseal(init.getKeysBase64List());
    int tokens = 2_000;
    for (int i = 0; i < tokens; i++) {
      create(root, CreateTokenRequest.newBuilder().addPolicies("default")
          .setTtl(Duration.newBuilder().setSeconds(3_600 + i)));
    }
    leasehold.stop();
    leasehold.start();
    long beforeUnseal = leasehold.counting().reads();

    leasehold.unseal(init.getKeysBase64List());
    long read = leasehold.counting().reads() - beforeUnseal;

    // Keyring, cluster identity, salt, batch keyset, mount, default policy, the first expire/ key.
    assertThat(read).as("entries read to unseal over %d tokens", tokens).isLessThan(20);
    assertThat(serviceTokens(root)).isEqualTo(tokens + 1);
  }

  private io.grpc.Channel channelOf() {
    return leasehold.sys().getChannel();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Names of the secrets that occur in any key or value. */
  private static List<String> found(List<KeyValue> entries, Map<String, byte[]> secrets) {
    List<String> names = new ArrayList<>();
    secrets.forEach((name, bytes) -> {
      for (KeyValue kv : entries) {
        if (contains(kv.key(), bytes) || contains(kv.value(), bytes)) {
          names.add(name);
          return;
        }
      }
    });
    return names;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
