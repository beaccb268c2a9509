package io.leasehold.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.core.batch.BatchKeyset;
import io.leasehold.server.core.batch.BatchTokenCodec;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.mount.MountTune;
import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.mount.TuneRequest;
import io.leasehold.server.core.policy.PolicyStore;
import io.leasehold.server.internal.v1.BatchTokenClaims;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.RacingStorage;
import io.leasehold.server.storage.RocksDbSettings;
import io.leasehold.server.storage.RocksDbStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-modify-writes of shared records racing each other on RocksDB, each race staged at the
 * moment the first writer has read the record ({@link RacingStorage}): neither update may be lost.
 * A transaction that reads without a lock lets the other commit in between and then overwrites it.
 */
class LockedUpdatesRaceTest {
  @TempDir
  Path dir;

  private RacingStorage storage;

  @BeforeEach
  void open() {
    storage = new RacingStorage(RocksDbStorage.open(dir.resolve("store"),
        new RocksDbSettings(8L << 20, 4L << 20)));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private long policyVersion() {
    return storage.get(Keys.of("sys/policy-version")).map(b -> ByteBuffer.wrap(b).getLong())
        .orElse(0L);
  }

  @Test
  void twoPolicyWrites_bumpThePolicyVersionTwice() throws Exception {
    // Compiled ACLs are remembered per policy version: a write that leaves the version where
    // another write put it leaves ACLs of the old text in use.
    PolicyStore policies = new PolicyStore(storage);
    policies.initialize();
    long before = policyVersion();

    RacingStorage.Outcome other = storage.whenRead(Keys.of("sys/policy-version"), () -> {
      policies.write("b", "path \"b/*\" { capabilities = [\"read\"] }");
      return null;
    });
    policies.write("a", "path \"a/*\" { capabilities = [\"read\"] }");
    other.settle();

    assertThat(storage.fired()).isTrue();
    assertThat(policies.read("a")).isPresent();
    assertThat(policies.read("b")).isPresent();
    assertThat(policyVersion()).isEqualTo(before + 2);
  }

  @Test
  void twoKeysetRotations_keepBothNewKeys() throws Exception {
    BatchKeyset keyset = new BatchKeyset(storage);
    keyset.initialize();
    BatchTokenCodec codec = new BatchTokenCodec(keyset);
    BatchTokenClaims claims = BatchTokenClaims.newBuilder().addPolicies("default")
        .setIssueTimeMillis(1_630_475_278_323L).setTtlSeconds(1200).build();

    // The other rotation seals a token under its new key at once.
    RacingStorage.Outcome other = storage.whenRead(Keys.of("sys/batch/keyset"), () -> {
      keyset.rotate();
      return codec.seal(claims);
    });
    keyset.rotate();
    String sealedByTheOther = (String) other.settle().orElseThrow();

    assertThat(storage.fired()).isTrue();
    keyset.reload();
    assertThat(codec.open(sealedByTheOther)).as("its key is still in the stored keyset")
        .contains(claims);
  }

  @Test
  void twoTunesOfTheTokenMount_keepBothChanges() throws Exception {
    AuthMounts mounts = new AuthMounts(storage, SystemDefaults.vault());
    mounts.initialize("auth_token_0badc0de");

    RacingStorage.Outcome other = storage.whenRead(Keys.of("mount/auth/token/"), () -> {
      mounts.tune(new TuneRequest("token/", 7_200L, null, null, null));
      return null;
    });
    mounts.tune(new TuneRequest("token/", null, null, "tokens", null));
    other.settle();

    assertThat(storage.fired()).isTrue();
    MountTune tune = mounts.tokenMountTune();
    assertThat(tune.defaultLeaseTtl()).isEqualTo(7_200L);
    assertThat(tune.description()).isEqualTo("tokens");
  }
}
