package io.leasehold.server.grpc;

import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import java.nio.charset.StandardCharsets;
import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.server.Core;
import io.leasehold.server.core.token.TokenEntry;
import io.leasehold.server.core.token.TokenKeys;
import io.leasehold.server.storage.Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consistency checker the other gRPC tests rely on notices each kind of broken index. */
class StoreConsistencyTest {
  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  private Core core;
  private TokenEntry child;

  @BeforeEach
  void aParentWithAnExpiringChild() {
    core = leasehold.server().core();
    String parent = leasehold.tokens(ROOT).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("root").build()).getAuth().getClientToken();
    TokenAuth c = leasehold.tokens(parent).createToken(CreateTokenRequest.newBuilder()
        .addPolicies("default").setTtl(Duration.newBuilder().setSeconds(600)).build()).getAuth();
    child = core.resolver.resolve(c.getClientToken()).orElseThrow();
    assertThat(StoreConsistency.violations(core)).isEmpty();
  }

  private void delete(byte[] key) {
    core.storage.transact(tx -> tx.delete(key));
  }

  @Test
  void missingAccessorIndex() {
    delete(TokenKeys.accessor(core.tokens.hashOf(child.accessor())));
    assertThat(StoreConsistency.violations(core)).singleElement().asString()
        .contains("has no accessor index");
  }

  @Test
  void missingParentIndex() {
    delete(TokenKeys.child(child.parentHash(), child.hash()));
    assertThat(StoreConsistency.violations(core)).singleElement().asString()
        .contains("has no parent index");
  }

  @Test
  void missingExpireIndex() {
    delete(TokenKeys.expire(child.expireTimeMillis(), child.hash()));
    assertThat(StoreConsistency.violations(core)).singleElement().asString()
        .contains("has no expire index entry");
  }

  @Test
  void entryGoneButIndexesLeft() {
    delete(TokenKeys.entry(child.hash()));
    assertThat(StoreConsistency.violations(core)).hasSize(3)
        .anySatisfy(v -> assertThat(v).contains("points at missing token"))
        .anySatisfy(v -> assertThat(v).contains("names missing child"))
        .anySatisfy(v -> assertThat(v).contains("names a missing token"));
  }

  @Test
  void parentGoneButChildLeft() {
    delete(TokenKeys.entry(child.parentHash()));
    assertThat(StoreConsistency.violations(core))
        .anySatisfy(v -> assertThat(v).contains("has a missing parent"))
        .anySatisfy(v -> assertThat(v).contains("names missing parent"));
  }

  @Test
  void leftoverRevocationRecord() {
    core.storage.transact(tx -> {
      tx.put(TokenKeys.revoke(child.hash()), Keys.of("tree"));
      return null;
    });
    assertThat(StoreConsistency.violations(core)).singleElement().asString()
        .contains("revocation record left");
  }

  @Test
  void expireEntryWithTheWrongDeadline() {
    core.storage.transact(tx -> {
      tx.put(TokenKeys.expire(child.expireTimeMillis() + 1, child.hash()), new byte[0]);
      return null;
    });
    assertThat(StoreConsistency.violations(core)).singleElement().asString()
        .contains("but the token expires at");
  }

  private void anAppRoleWithASecretId() {
    AppRoleSeedTest.enableApprole(leasehold);
    var a = leasehold.appRole(ROOT);
    a.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("ci").build());
    a.generateSecretId(GenerateSecretIdRequest.newBuilder()
        .setRoleName("ci").build());
    assertThat(StoreConsistency.violations(core)).isEmpty();
  }

  @Test
  void appRole_missingSecretIdAccessorIndex() {
    anAppRoleWithASecretId();
    byte[] p = Keys.of("approle/");
    var accessor = core.storage.scan(p, Keys.prefixEnd(p), 100)
        .stream().filter(kv -> new String(kv.key(), StandardCharsets.UTF_8)
            .contains("/accessor/")).findFirst().orElseThrow();
    delete(accessor.key());
    assertThat(StoreConsistency.violations(core)).singleElement().asString()
        .contains("has no accessor index entry");
  }

  @Test
  void appRole_missingRoleIdIndex() {
    anAppRoleWithASecretId();
    byte[] p = Keys.of("approle/");
    var index = core.storage.scan(p, Keys.prefixEnd(p), 100)
        .stream().filter(kv -> new String(kv.key(), StandardCharsets.UTF_8)
            .contains("/role-id/")).findFirst().orElseThrow();
    delete(index.key());
    assertThat(StoreConsistency.violations(core)).singleElement().asString()
        .contains("has no role-id index entry");
  }

  @Test
  void appRole_dataOfAMountThatIsGone() {
    anAppRoleWithASecretId();
    delete(Keys.of("auth-mount/approle/"));
    assertThat(StoreConsistency.violations(core)).isNotEmpty()
        .allSatisfy(v -> assertThat(v).contains("approle data of no enabled mount"));
  }
}
