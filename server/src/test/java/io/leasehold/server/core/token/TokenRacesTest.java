package io.leasehold.server.core.token;

import static io.leasehold.server.CoreFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.grpc.StoreConsistency;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.RacingStorage;
import io.leasehold.server.storage.RocksDbSettings;
import io.leasehold.server.storage.RocksDbStorage;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token operations racing each other on RocksDB (the in-memory store runs transactions one at a
 * time, so it cannot show these), each race staged at the moment the first transaction has read
 * the record ({@link RacingStorage}). Whatever the outcome of the racing call, the store must stay
 * consistent: no expiry index naming a deleted token (a renewal moved it after a revocation read
 * the old one; found by the crash test), no live token under a deleted parent, no cubbyhole data
 * outliving its token, no custom token ID issued twice.
 */
class TokenRacesTest {
  @TempDir
  Path dir;

  private CoreFixture f;
  private RacingStorage racing;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  private void open() {
    racing = new RacingStorage(RocksDbStorage.open(dir.resolve("store"),
        new RocksDbSettings(8L << 20, 4L << 20)));
    f = new CoreFixture(racing);
  }

  @Test
  void renewalOfALeafWhileItsParentsTreeIsRevoked_leavesNoExpiryBehind() throws Exception {
    open();
    CreatedToken parent = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(3600).build());
    CreatedToken leaf = f.create(parent.tokenId(), req().ttl(600).build());
    f.clock.advanceSeconds(60);

    RacingStorage.Outcome renewal = racing.whenRead(TokenKeys.entry(leaf.entry().hash()),
        () -> f.core.renewer.renew(leaf.tokenId(), 3000));
    assertThat(f.core.revoker.revokeTree(parent.entry().hash())).isTrue();

    renewal.settle();
    assertThat(racing.fired()).as("the race was staged").isTrue();
    assertThat(f.live(leaf.tokenId())).isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void renewalOfAChildlessTokenWhileItIsRevoked_leavesNoExpiryBehind() throws Exception {
    open();
    CreatedToken token = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(600).build());
    f.clock.advanceSeconds(60);

    RacingStorage.Outcome renewal = racing.whenRead(TokenKeys.entry(token.entry().hash()),
        () -> f.core.renewer.renew(token.tokenId(), 3000));
    assertThat(f.core.revoker.revokeTree(token.entry().hash())).isTrue();

    renewal.settle();
    assertThat(racing.fired()).isTrue();
    assertThat(f.live(token.tokenId())).isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void childCreatedUnderALeafWhileItsParentsTreeIsRevoked_isNotLeftParentless() throws Exception {
    open();
    CreatedToken parent = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(3600).build());
    CreatedToken leaf = f.create(parent.tokenId(), req().ttl(3600).build());

    RacingStorage.Outcome create = racing.whenRead(TokenKeys.entry(leaf.entry().hash()),
        () -> f.create(leaf.tokenId(), req().ttl(3600).build()));
    assertThat(f.core.revoker.revokeTree(parent.entry().hash())).isTrue();

    Optional<Object> grandchild = create.settle();
    assertThat(racing.fired()).isTrue();
    grandchild.ifPresent(c -> assertThat(f.live(((CreatedToken) c).tokenId()))
        .as("a child that got in is revoked with the tree").isEmpty());
    assertThat(f.live(leaf.tokenId())).isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void twoCreatesWithTheSameCustomId_oneWins() throws Exception {
    open();
    String id = "custom-racing-id";
    RacingStorage.Outcome other = racing.whenRead(
        TokenKeys.entry(f.core.tokens.hashOf(id)),
        () -> f.createAsRoot(req().id(id).policies(CoreFixture.CREATOR).ttl(3600).build()));
    Throwable mine = org.assertj.core.api.Assertions.catchThrowable(
        () -> f.createAsRoot(req().id(id).policies(CoreFixture.CREATOR).ttl(600).build()));
    Optional<Object> theirs = other.settle();

    assertThat(racing.fired()).isTrue();
    assertThat(mine == null).as("exactly one create of the ID succeeds").isNotEqualTo(
        theirs.isPresent());
    if (mine != null) {
      assertThat(mine).hasMessageContaining("duplicate ID");
    }
    assertThat(f.core.inventory.countServiceTokens()).isEqualTo(2); // root and the one winner
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void cubbyholeWriteWhileItsTokenIsRevoked_leavesNoDataBehind() throws Exception {
    open();
    CreatedToken token = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(3600).build());
    Struct secret = Struct.newBuilder()
        .putFields("k", Value.newBuilder().setStringValue("v").build()).build();

    // Placed after the revocation has listed the cubbyhole: a write landing then would be missed.
    byte[] cubbyhole = Keys.of("cubbyhole/" + token.entry().hash() + "/");
    RacingStorage.Outcome write = racing.whenRead(cubbyhole,
        () -> f.as(token.tokenId(), "cubbyhole/secret", Operation.UPDATE, c -> {
          f.core.cubbyhole.write(c, "secret", secret);
          return "written";
        }));
    assertThat(f.core.revoker.revokeTree(token.entry().hash())).isTrue();

    write.settle();
    assertThat(racing.fired()).isTrue();
    assertThat(f.storage.scan(Keys.of("cubbyhole/"), Keys.prefixEnd(Keys.of("cubbyhole/")), 10))
        .as("nothing of the revoked token's cubbyhole is left").isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }
}
