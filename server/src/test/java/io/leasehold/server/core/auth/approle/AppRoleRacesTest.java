package io.leasehold.server.core.auth.approle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.auth.EnableRequest;
import io.leasehold.server.core.mount.TuneRequest;
import io.leasehold.server.grpc.StoreConsistency;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.RacingStorage;
import io.leasehold.server.storage.RocksDbSettings;
import io.leasehold.server.storage.RocksDbStorage;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth-mount and AppRole writes racing each other on RocksDB, staged at the moment the first
 * transaction has read the record ({@link RacingStorage}): a tune must not bring back a mount
 * being disabled, and two roles must not both take one role ID.
 */
class AppRoleRacesTest {
  @TempDir
  Path dir;

  private RacingStorage racing;
  private CoreFixture f;

  @BeforeEach
  void open() {
    racing = new RacingStorage(RocksDbStorage.open(dir.resolve("store"),
        new RocksDbSettings(8L << 20, 4L << 20)));
    f = new CoreFixture(racing);
    f.core.authMethods.enable(new EnableRequest("", "approle", "", null, null, null));
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aTuneRacingADisable_doesNotBringTheMountBack() throws Exception {
    RacingStorage.Outcome disable = racing.whenRead(Keys.of("auth-mount/approle/"),
        () -> f.core.authMethods.disable("approle/"));
    Throwable tune = catchThrowable(
        () -> f.core.mounts.tune(new TuneRequest("approle/", 3_600L, null, null, null)));
    disable.settle();

    assertThat(racing.fired()).isTrue();
    if (tune != null) {
      assertThat(tune).isInstanceOf(LeaseholdException.class);
    }
    assertThat(f.core.mounts.find("approle/")).as("disabled, and stays so").isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void twoEnablesAtOnePath_onlyOneSucceeds() throws Exception {
    RacingStorage.Outcome other = racing.whenRead(Keys.of("auth-mount/"),
        () -> f.core.authMethods.enable(new EnableRequest("ci", "approle", "", null, null, null)));
    Throwable mine = catchThrowable(() -> f.core.authMethods.enable(
        new EnableRequest("ci", "approle", "", null, null, null)));
    Optional<Object> theirs = other.settle();

    assertThat(racing.fired()).isTrue();
    assertThat(mine == null).as("exactly one enable succeeds").isNotEqualTo(theirs.isPresent());
    if (mine != null) {
      assertThat(mine).hasMessageContaining("path is already in use at ci/");
    }
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void twoRolesTakingOneRoleId_onlyOneGetsIt() throws Exception {
    f.core.appRoles.write(AppRoleWrite.named("", "a"));
    f.core.appRoles.write(AppRoleWrite.named("", "b"));
    String uuid = f.core.mounts.find("approle/").orElseThrow().uuid();
    byte[] index = AppRoleKeys.roleId(uuid, f.core.tokens.hashOf("shared-role-id"));

    RacingStorage.Outcome other = racing.whenRead(index, () -> {
      f.core.appRoles.setRoleId("", "b", "shared-role-id");
      return "b";
    });
    Throwable mine = catchThrowable(() -> f.core.appRoles.setRoleId("", "a", "shared-role-id"));
    Optional<Object> theirs = other.settle();

    assertThat(racing.fired()).isTrue();
    assertThat(mine == null).as("exactly one role takes the role ID")
        .isNotEqualTo(theirs.isPresent());
    if (mine != null) {
      assertThat(mine).hasMessage("role_id already in use");
    }
    long holders = java.util.stream.Stream.of("a", "b")
        .filter(r -> f.core.appRoles.roleId("", r).equals("shared-role-id")).count();
    assertThat(holders).isEqualTo(1);
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }
}
