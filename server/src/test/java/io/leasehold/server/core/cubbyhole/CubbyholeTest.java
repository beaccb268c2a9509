package io.leasehold.server.core.cubbyhole;

import static io.leasehold.server.CoreFixture.req;
import static io.leasehold.server.Refusals.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.core.token.TokenType;
import io.leasehold.server.storage.Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CubbyholeTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static Struct data(String k, String v) {
    return Struct.newBuilder().putFields(k, Value.newBuilder().setStringValue(v).build()).build();
  }

  private Caller caller(String token) {
    return new Caller(token, f.live(token).orElseThrow());
  }

  @Test
  void writeReadListDelete() {
    Caller c = caller(f.createAsRoot(req().policies("default").build()).tokenId());
    assertThat(f.core.cubbyhole.exists(c, "token")).isFalse();
    f.core.cubbyhole.write(c, "token", data("value", "1234567890"));
    f.core.cubbyhole.write(c, "/app/db", data("pw", "x"));
    f.core.cubbyhole.write(c, "app/cache/key", data("k", "y"));
    assertThat(f.core.cubbyhole.exists(c, "token")).isTrue();
    assertThat(f.core.cubbyhole.read(c, "token")).contains(data("value", "1234567890"));
    assertThat(f.core.cubbyhole.list(c, "")).containsExactly("app/", "token");
    assertThat(f.core.cubbyhole.list(c, "app")).containsExactly("cache/", "db");
    assertThat(f.core.cubbyhole.list(c, "nothing/")).isEmpty();
    f.core.cubbyhole.delete(c, "token");
    f.core.cubbyhole.delete(c, "token");
    assertThat(f.core.cubbyhole.read(c, "token")).isEmpty();
  }

  @Test
  void eachTokenSeesOnlyItsOwn() {
    Caller a = caller(f.createAsRoot(req().policies("default").build()).tokenId());
    Caller b = caller(f.createAsRoot(req().policies("default").build()).tokenId());
    f.core.cubbyhole.write(a, "secret", data("v", "a"));
    assertThat(f.core.cubbyhole.read(b, "secret")).isEmpty();
    assertThat(f.core.cubbyhole.list(b, "")).isEmpty();
    f.core.cubbyhole.write(b, "secret", data("v", "b"));
    assertThat(f.core.cubbyhole.read(a, "secret")).contains(data("v", "a"));
  }

  @Test
  void destroyedWhenTheTokenIsRevokedOrExpires() {
    String parent = f.createAsRoot(req().policies("root").ttl(3600).build()).tokenId();
    String child = f.create(parent, req().ttl(3600).build()).tokenId();
    String shortLived = f.createAsRoot(req().policies("default").ttl(10).build()).tokenId();
    f.core.cubbyhole.write(caller(parent), "p", data("v", "1"));
    f.core.cubbyhole.write(caller(child), "c", data("v", "2"));
    f.core.cubbyhole.write(caller(shortLived), "s", data("v", "3"));
    byte[] all = Keys.of("cubbyhole/");
    assertThat(f.storage.scan(all, Keys.prefixEnd(all), 10)).hasSize(3);
    f.core.revocations.revoke(parent);
    assertThat(f.storage.scan(all, Keys.prefixEnd(all), 10)).hasSize(1);
    f.clock.advanceSeconds(10);
    assertThat(f.storage.scan(all, Keys.prefixEnd(all), 10)).isEmpty();
  }

  @Test
  void refusals_haveVaultTexts() {
    Caller c = caller(f.rootToken);
    invalid("missing data fields", () -> f.core.cubbyhole.write(c, "x", Struct.getDefaultInstance()));
    invalid("missing path", () -> f.core.cubbyhole.write(c, "", data("a", "b")));
    invalid("missing path", () -> f.core.cubbyhole.read(c, "dir/"));
    Caller batch = new Caller("b.x", c.entry(), TokenType.BATCH);
    invalid("cubbyhole operations are only supported by \"service\" type tokens",
        () -> f.core.cubbyhole.read(batch, "x"));
    invalid("cubbyhole operations are only supported by \"service\" type tokens",
        () -> f.core.cubbyhole.write(batch, "x", data("a", "b")));
  }

  @Test
  void tidyRemovesCubbyholesOfVanishedTokens() {
    String t = f.createAsRoot(req().policies("default").build()).tokenId();
    Caller c = caller(t);
    f.core.cubbyhole.write(c, "x", data("a", "b"));
    f.storage.transact(tx -> tx.delete(io.leasehold.server.core.token.TokenKeys.entry(
        c.entry().hash())));
    assertThat(f.core.tidy.runNow().cubbyholeEntries).isEqualTo(1);
    byte[] all = Keys.of("cubbyhole/");
    assertThat(f.storage.scan(all, Keys.prefixEnd(all), 10)).isEmpty();
  }
}
