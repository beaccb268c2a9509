package io.leasehold.server.core.batch;

import static io.leasehold.server.CoreFixture.req;
import static io.leasehold.server.Refusals.invalid;
import static io.leasehold.server.Refusals.precondition;
import static io.leasehold.server.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.server.Core;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.token.CreateRequest;
import io.leasehold.server.core.token.CreatedToken;
import io.leasehold.server.core.token.RoleWrite;
import io.leasehold.server.core.token.TokenCreator;
import io.leasehold.server.core.token.TokenDetails;
import io.leasehold.server.core.token.TokenType;
import io.leasehold.server.storage.CountingStorage;
import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.time.FakeClock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batch tokens through the core (BEHAVIOUR.md section 9). */
class BatchTokenTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private CreatedToken batch(String parent, CreateRequest r) {
    return f.create(parent, r);
  }

  private TokenDetails lookupSelf(String token) {
    return f.as(token, "auth/token/lookup-self", Operation.READ, c -> f.core.lookup.lookupSelf(c));
  }

  @Test
  void seedBatchToken_looksItselfUp() {
    f.core.policies.write("test", "path \"auth/token/create\" { capabilities = [\"create\","
        + " \"read\", \"update\", \"delete\", \"list\"] }");
    CreatedToken t = batch(f.rootToken, req().type("batch").policies("test").ttl(1200).build());
    assertThat(t.tokenId()).startsWith("b.");
    assertThat(t.entry().type()).isEqualTo(TokenType.BATCH);
    assertThat(t.entry().accessor()).isEmpty();
    assertThat(t.entry().renewable()).isFalse();
    assertThat(t.entry().policies()).containsExactly("default", "test");
    assertThat(t.warnings()).isEmpty();
    f.clock.advanceSeconds(498);
    TokenDetails d = lookupSelf(t.tokenId());
    assertThat(d.id()).isEqualTo(t.tokenId());
    assertThat(d.type()).isEqualTo(TokenType.BATCH);
    assertThat(d.accessor()).isEmpty();
    assertThat(d.renewable()).isFalse();
    assertThat(d.orphan()).isFalse();
    assertThat(d.path()).isEqualTo("auth/token/create");
    assertThat(d.creationTtl()).isEqualTo(1200);
    assertThat(d.ttl()).isEqualTo(702);
    assertThat(d.policies()).containsExactly("default", "test");
    assertThat(d.numUses()).isZero();
  }

  @Test
  void batchTokenLimits_haveVaultTexts() {
    f.core.policies.write("test", "path \"auth/token/create\" { capabilities = [\"update\"] }");
    String t = batch(f.rootToken, req().type("batch").policies("test").ttl(1200).build())
        .tokenId();
    invalid("batch tokens cannot create more tokens", () -> f.create(t, req().build()));
    Caller caller = new Caller(t, f.core.resolver.resolve(t).orElseThrow(), TokenType.BATCH);
    invalid("cubbyhole operations are only supported by \"service\" type tokens",
        () -> f.core.cubbyhole.write(caller, "token", Struct.newBuilder().putFields("value",
            Value.newBuilder().setStringValue("1").build()).build()));
    precondition("batch tokens cannot be revoked", () -> f.core.revocations.revoke(t));
    precondition("batch tokens cannot be revoked", () -> f.core.revocations.revokeSelf(caller));
    precondition("batch tokens cannot be revoked", () -> f.as(f.rootToken,
        "auth/token/revoke-orphan", Operation.UPDATE, c -> {
          f.core.revocations.revokeOrphan(c, t);
          return null;
        }));
    precondition("batch tokens cannot be renewed", () -> f.core.renewer.renew(t, 0));
    precondition("batch tokens cannot be renewed", () -> f.core.renewer.renewSelf(caller, 0));
    assertThat(lookupSelf(t).type()).isEqualTo(TokenType.BATCH);
  }

  @Test
  void creationRefusals() {
    invalid("batch tokens cannot be root tokens",
        () -> batch(f.rootToken, req().type("batch").policies("root").build()));
    invalid("batch tokens cannot be root tokens", () -> batch(f.rootToken, req().type("batch")
        .build()));
    invalid("batch tokens cannot have a custom ID",
        () -> batch(f.rootToken, req().type("batch").policies("x").id("custom").build()));
    assertThat(batch(f.rootToken, req().type("batch").policies("x").renewable(true).build())
        .entry().renewable()).as("renewable is forced false").isFalse();
  }

  @Test
  void expiresAtItsTtl_andWithItsParent() {
    String parent = f.createAsRoot(req().policies("a").ttl(600).build()).tokenId();
    String child = f.create(parent, req().type("batch").ttl(60).build()).tokenId();
    String orphan = f.as(parent, "auth/token/create-orphan", Operation.UPDATE,
        c -> f.core.creator.create(c.entry(), TokenCreator.Endpoint.CREATE_ORPHAN, null,
            req().type("batch").ttl(300).build())).tokenId();
    assertThat(lookupSelf(child).orphan()).isFalse();
    assertThat(lookupSelf(orphan).orphan()).isTrue();
    f.clock.advanceSeconds(59);
    assertThat(f.live(child)).isPresent();
    f.clock.advanceSeconds(1);
    assertThat(f.live(child)).isEmpty();

    String second = f.create(parent, req().type("batch").ttl(300).build()).tokenId();
    f.core.revocations.revoke(parent);
    refused(LeaseholdException.Kind.UNAUTHENTICATED, "permission denied",
        () -> lookupSelf(second));
    assertThat(f.live(orphan)).as("an orphan batch token does not depend on anyone").isPresent();
  }

  @Test
  void rolesAndTokenTypes() {
    f.core.roles.write(new RoleWrite("bat", null, null, null, null, true, false, null, null,
        null, null, null, null, null, null, "batch", null, null));
    CreatedToken t = f.as(f.rootToken, "auth/token/create/bat", Operation.UPDATE,
        c -> f.core.creator.create(c.entry(), TokenCreator.Endpoint.CREATE_AGAINST_ROLE, "bat",
            req().policies("x").build()));
    assertThat(t.tokenId()).startsWith("b.");
    assertThat(t.entry().orphan()).isTrue();
    assertThat(lookupSelf(t.tokenId()).role()).isEqualTo("bat");
    assertThat(lookupSelf(t.tokenId()).path()).isEqualTo("auth/token/create/bat");
  }

  @Test
  void notCountedNotListed() {
    long before = f.core.inventory.countServiceTokens();
    int accessors = f.core.inventory.accessors().size();
    batch(f.rootToken, req().type("batch").policies("x").build());
    assertThat(f.core.inventory.countServiceTokens()).isEqualTo(before);
    assertThat(f.core.inventory.accessors()).hasSize(accessors);
  }

  @Test
  void tenThousandBatchTokens_zeroStorageWrites() {
    FakeClock clock = new FakeClock(CoreFixture.START);
    CountingStorage storage = new CountingStorage(new InMemoryStorage());
    Core core = new Core(storage, clock, clock, () -> false, SystemDefaults.vault(), Runnable::run,
        3_600_000L);
    core.open();
    String root = core.creator.createInitialRoot(Optional.empty()).tokenId();
    long before = storage.writes();
    String last = null;
    for (int i = 0; i < 10_000; i++) {
      last = core.pipeline.handle(root, io.leasehold.server.core.request.Route.of(
          "auth/token/create", Operation.UPDATE), c -> core.creator.create(c.entry(),
          TokenCreator.Endpoint.CREATE, null, req().type("batch").policies("x").ttl(600).build()))
          .tokenId();
    }
    assertThat(storage.writes() - before).isZero();
    String token = last;
    assertThat(core.pipeline.handle(token, io.leasehold.server.core.request.Route.of(
        "auth/token/lookup-self", Operation.READ), c -> core.lookup.lookupSelf(c)).id())
        .isEqualTo(token);
    assertThat(storage.writes() - before).as("using one writes nothing either").isZero();
    core.close();
    storage.close();
  }
}
