package io.leasehold.server.core.auth.approle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.auth.EnableRequest;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expired secret IDs leave the store once a minute; live ones stay; a sealed core stops. */
class SecretIdTidyTest {
  private CoreFixture f;

  @BeforeEach
  void setUp() {
    f = new CoreFixture();
    f.core.authMethods.enable(new EnableRequest("", "approle", "", null, null, null));
    f.core.appRoles.write(AppRoleWrite.named("", "ci"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private SecretIds.Generated secret(Long ttlSeconds) {
    return f.core.secretIds.generate(new SecretIdRequest("", "ci", null, null, null, null,
        ttlSeconds));
  }

  /** Secret-ID entries and accessor index entries of every AppRole mount, raw. */
  private long stored(String kind) {
    List<KeyValue> all = f.storage.scan(Keys.of("approle/"), Keys.prefixEnd(Keys.of("approle/")),
        10_000);
    return all.stream().filter(kv -> new String(kv.key(), java.nio.charset.StandardCharsets.UTF_8)
        .contains("/" + kind + "/")).count();
  }

  @Test
  void expiredSecretIds_andTheirAccessors_areRemovedEveryMinute() {
    SecretIds.Generated shortLived = secret(60L);
    SecretIds.Generated longer = secret(600L);
    SecretIds.Generated forever = secret(null);
    assertThat(stored("secret")).isEqualTo(3);
    assertThat(stored("accessor")).isEqualTo(3);

    f.clock.advanceSeconds(SecretIdTidy.INTERVAL_MILLIS / 1000 + 1);
    assertThat(stored("secret")).isEqualTo(2);
    assertThat(stored("accessor")).isEqualTo(2);
    assertThat(f.core.secretIds.accessors("", "ci"))
        .containsExactlyInAnyOrder(longer.accessor(), forever.accessor());
    LeaseholdException gone = catchThrowableOfType(LeaseholdException.class,
        () -> f.core.secretIds.lookupAccessor("", "ci", shortLived.accessor()));
    assertThat(gone).isNotNull();

    f.clock.advanceSeconds(600);
    assertThat(stored("secret")).isEqualTo(1);
    assertThat(stored("accessor")).isEqualTo(1);
    assertThat(f.core.secretIds.accessors("", "ci")).containsExactly(forever.accessor());
  }

  @Test
  void aRunRemovesOnlyWhatHasExpired_andCountsIt() {
    secret(30L);
    secret(90L);
    f.clock.advanceSeconds(31);
    assertThat(f.core.secretIdTidy.runNow()).isEqualTo(1);
    assertThat(f.core.secretIdTidy.runNow()).as("nothing more is due").isZero();
  }

  @Test
  void noRunsWhileSealed() {
    secret(30L);
    f.core.close();
    f.clock.advanceSeconds(SecretIdTidy.INTERVAL_MILLIS / 1000 * 3);
    assertThat(stored("secret")).as("the sealed core's tidy is not scheduled").isEqualTo(1);
    f.core.open();
    f.clock.advanceSeconds(SecretIdTidy.INTERVAL_MILLIS / 1000 + 1);
    assertThat(stored("secret")).isZero();
  }
}
