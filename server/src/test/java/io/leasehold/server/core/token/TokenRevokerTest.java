package io.leasehold.server.core.token;

import static io.leasehold.server.CoreFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.storage.Keys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tree revocation: depth, width, batches and resumption. */
class TokenRevokerTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private long storedKeys() {
    return f.storage.scan(null, null, Integer.MAX_VALUE).size();
  }

  @Test
  void deepChain_isRevokedWithoutRecursion() {
    long before = storedKeys();
    String top = f.createAsRoot(req().policies("root").ttl(3600).build()).tokenId();
    String current = top;
    for (int i = 0; i < 5_000; i++) {
      current = f.create(current, req().ttl(3600).build()).tokenId();
    }
    f.core.revocations.revoke(top);
    assertThat(f.live(current)).isEmpty();
    assertThat(f.core.inventory.countServiceTokens()).isEqualTo(1);
    assertThat(storedKeys()).isEqualTo(before);
  }

  @Test
  void wideTreeAcrossSeveralBatches_isRevokedCompletely() {
    long before = storedKeys();
    String top = f.createAsRoot(req().policies("root").ttl(3600).build()).tokenId();
    List<String> all = new ArrayList<>();
    for (int i = 0; i < TokenRevoker.BATCH * 2 + 7; i++) {
      String child = f.create(top, req().ttl(3600).build()).tokenId();
      all.add(child);
      if (i % 100 == 0) {
        for (int j = 0; j < 3; j++) {
          all.add(f.create(child, req().ttl(3600).build()).tokenId());
        }
      }
    }
    f.core.revocations.revoke(top);
    assertThat(all).allSatisfy(t -> assertThat(f.live(t)).isEmpty());
    assertThat(storedKeys()).isEqualTo(before);
  }

  @Test
  void interruptedRevocation_isResumed() {
    CreatedToken top = f.createAsRoot(req().policies("root").ttl(3600).build());
    String child = f.create(top.tokenId(), req().ttl(3600).build()).tokenId();
    // A crash right after the revocation was recorded: begun, never finished.
    f.storage.transact(tx -> f.core.revoker.beginTree(tx, top.entry().hash()));
    assertThat(f.live(top.tokenId())).as("unusable from the moment it is recorded").isEmpty();
    assertThat(f.storage.get(TokenKeys.revoke(top.entry().hash()))).isPresent();
    assertThat(f.core.revoker.resumePending()).isEqualTo(1);
    assertThat(f.live(child)).isEmpty();
    assertThat(f.storage.scan(TokenKeys.REVOKE_PREFIX, Keys.prefixEnd(TokenKeys.REVOKE_PREFIX), 10))
        .isEmpty();
  }

  @Test
  void revokingTwice_isHarmless() {
    CreatedToken t = f.createAsRoot(req().policies("default").build());
    assertThat(f.core.revoker.revokeTree(t.entry().hash())).isTrue();
    assertThat(f.core.revoker.revokeTree(t.entry().hash())).isFalse();
  }

  @Test
  void revokePrefix_followsVaultLeasePrefixes() {
    CreatedToken viaCreate = f.createAsRoot(req().policies("x").build());
    CreatedToken orphan = f.as(f.rootToken, "auth/token/create-orphan",
        io.leasehold.server.core.request.Operation.UPDATE,
        c -> f.core.creator.create(c.entry(), TokenCreator.Endpoint.CREATE_ORPHAN, null,
            req().policies("x").build()));
    assertThat(f.core.inventory.revokePrefix("auth/token/create")).isEqualTo(1);
    assertThat(f.live(viaCreate.tokenId())).isEmpty();
    assertThat(f.live(orphan.tokenId())).isPresent();
    assertThat(f.live(f.rootToken)).as("auth/token/root is not under auth/token/create").isPresent();
    io.leasehold.server.Refusals.invalid("missing prefix", () -> f.core.inventory.revokePrefix(" "));
  }

  @Test
  void tidy_orphansChildrenOfMissingParents_andDropsDanglingIndexes() {
    CreatedToken parent = f.createAsRoot(req().policies("root").ttl(3600).build());
    CreatedToken child = f.create(parent.tokenId(), req().ttl(3600).build());
    // Simulate damage from an older bug: the parent's entry vanished alone.
    f.storage.transact(tx -> tx.delete(TokenKeys.entry(parent.entry().hash())));
    TokenTidy.Counts c = f.core.tidy.runNow();
    assertThat(c.orphaned).isEqualTo(1);
    assertThat(c.accessors).isEqualTo(1);
    assertThat(c.expiries).isEqualTo(1);
    assertThat(f.live(child.tokenId())).get().extracting(TokenEntry::orphan).isEqualTo(true);
    assertThat(f.core.tidy.runNow().orphaned).isZero();
  }

  @Test
  void tidy_runsInTheBackgroundOnceAtATime() {
    java.util.List<Runnable> queued = new java.util.ArrayList<>();
    TokenTidy tidy = new TokenTidy(f.core.tokens, queued::add);
    assertThat(tidy.start()).isEqualTo(TokenTidy.STARTED);
    assertThat(tidy.start()).isEqualTo(TokenTidy.ALREADY_RUNNING);
    queued.get(0).run();
    assertThat(tidy.start()).isEqualTo(TokenTidy.STARTED);
  }
}
