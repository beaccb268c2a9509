package io.leasehold.server.core.expire;

import static io.leasehold.server.CoreFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.token.CreatedToken;
import io.leasehold.server.core.token.TokenKeys;
import io.leasehold.server.storage.Keys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExpirationManagerTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private List<byte[]> expiryKeys() {
    List<byte[]> out = new ArrayList<>();
    f.storage.scan(TokenKeys.EXPIRE_PREFIX, Keys.prefixEnd(TokenKeys.EXPIRE_PREFIX), 100_000)
        .forEach(kv -> out.add(kv.key()));
    return out;
  }

  @Test
  void manyTokensDueInTheSameSecond_areAllSweptInBatches() {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < ExpirationManager.BATCH * 3 + 11; i++) {
      tokens.add(f.createAsRoot(req().policies("default").ttl(30).build()).tokenId());
    }
    assertThat(expiryKeys()).hasSize(tokens.size());
    f.clock.advanceSeconds(30);
    assertThat(expiryKeys()).isEmpty();
    assertThat(f.core.inventory.countServiceTokens()).isEqualTo(1);
  }

  @Test
  void sweeperWakesAtTheEarliestDeadline_evenWhenWrittenAfterItSlept() {
    f.clock.advanceSeconds(10); // sweeper now sleeps up to its bound (1h in the fixture)
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(5).build());
    assertThat(f.clock.pendingDeadlines()).contains(t.entry().expireTimeMillis());
    f.clock.advanceSeconds(5);
    assertThat(f.storage.get(TokenKeys.entry(t.entry().hash()))).isEmpty();
  }

  @Test
  void sweepOnlyRevokesWhatItUnindexedItself() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(5).build());
    f.core.revocations.revoke(t.tokenId());
    f.clock.advanceSeconds(5);
    assertThat(f.core.expiration.sweepNow()).isZero();
  }

  @Test
  void renewalMovesTheDeadline() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(60).build());
    f.clock.advanceSeconds(50);
    f.core.renewer.renew(t.tokenId(), 60);
    f.clock.advanceSeconds(20);
    assertThat(f.live(t.tokenId())).isPresent();
    assertThat(expiryKeys()).hasSize(1);
    f.clock.advanceSeconds(40);
    assertThat(f.live(t.tokenId())).isEmpty();
    assertThat(expiryKeys()).isEmpty();
  }

  @Test
  void closedManagerSchedulesNothing() {
    f.core.expiration.close();
    f.core.secretIdTidy.close(); // its own once-a-minute timer is not what this test is about
    f.createAsRoot(req().policies("default").ttl(5).build());
    assertThat(f.clock.pendingDeadlines()).isEmpty();
  }
}
