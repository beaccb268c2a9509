package io.leasehold.server.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BarrierTest {
  private final InMemoryStorage physical = new InMemoryStorage();
  private final Barrier barrier = new Barrier(physical);
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void close() {
    barrier.close();
  }

  private void put(String key, String value) {
    barrier.transact(tx -> {
      tx.put(Keys.of(key), value.getBytes(StandardCharsets.UTF_8));
      return null;
    });
  }

  private void storeKeyring() {
    physical.transact(tx -> {
      barrier.storeKeyring(tx);
      return null;
    });
  }

  private String read(String key) {
    return barrier.get(Keys.of(key)).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null);
  }

  @Test
  void valuesAreEncryptedAtRest_andReadBackThroughTheBarrier() {
    barrier.unseal(Keyring.generate(random));
    put("policy/secret", "path \"secret/*\" { capabilities = [\"read\"] }");

    byte[] raw = physical.get(Keys.of("policy/secret")).orElseThrow();

    assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("secret/*");
    assertThat(raw[0]).as("Tink's version byte").isEqualTo((byte) 1);
    assertThat(java.util.Arrays.copyOfRange(raw, 1, 5)).as("the term, big-endian")
        .containsExactly(0, 0, 0, 1);
    assertThat(read("policy/secret")).contains("secret/*");
  }

  @Test
  void aValueMovedToAnotherKey_doesNotDecrypt() {
    barrier.unseal(Keyring.generate(random));
    put("token/id/aaa", "first");
    put("token/id/bbb", "second");
    byte[] moved = physical.get(Keys.of("token/id/aaa")).orElseThrow();
    physical.transact(tx -> {
      tx.put(Keys.of("token/id/bbb"), moved);
      return null;
    });

    assertThatThrownBy(() -> read("token/id/bbb")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("token/id/bbb").hasMessageContaining("does not decrypt");
    assertThatThrownBy(() -> barrier.scan(null, null, 10))
        .isInstanceOf(IllegalStateException.class);
    assertThat(read("token/id/aaa")).isEqualTo("first");
  }

  @Test
  void rotation_addsATerm_oldValuesStayReadable_newOnesUseTheNewTerm() {
    barrier.unseal(Keyring.generate(random));
    put("a", "under term 1");

    int term = barrier.rotate();
    put("b", "under term 2");

    assertThat(term).isEqualTo(2);
    assertThat(barrier.term()).isEqualTo(2);
    assertThat(physical.get(Keys.of("a")).orElseThrow()[4]).isEqualTo((byte) 1);
    assertThat(physical.get(Keys.of("b")).orElseThrow()[4]).isEqualTo((byte) 2);
    assertThat(read("a")).isEqualTo("under term 1");
    assertThat(read("b")).isEqualTo("under term 2");
  }

  @Test
  void rotation_isStored_soTheNextUnsealReadsEveryTerm() {
    Keyring keys = Keyring.generate(random);
    byte[] root = UnsealKeys.join(keys.splitRootKey(1, 1, random));
    barrier.unseal(keys);
    storeKeyring();
    put("a", "one");
    barrier.rotate();
    put("b", "two");

    barrier.seal();
    barrier.unsealWithRootKey(root);

    assertThat(barrier.term()).isEqualTo(2);
    assertThat(read("a")).isEqualTo("one");
    assertThat(read("b")).isEqualTo("two");
  }

  @Test
  void wrongRootKey_refusedWithVaultsText_andStaysSealed() {
    Keyring keys = Keyring.generate(random);
    barrier.unseal(keys);
    storeKeyring();
    barrier.seal();
    byte[] wrong = new byte[Keyring.ROOT_KEY_BYTES];
    random.nextBytes(wrong);

    assertThatThrownBy(() -> barrier.unsealWithRootKey(wrong))
        .isInstanceOfSatisfying(LeaseholdException.class, e -> {
          assertThat(e.kind()).isEqualTo(LeaseholdException.Kind.INVALID_ARGUMENT);
          assertThat(e.getMessage()).isEqualTo("Unseal failed, invalid key");
        });
    assertThat(barrier.isSealed()).isTrue();
  }

  @Test
  void sealed_everyOperationFailsSealed() {
    assertThat(barrier.isSealed()).isTrue();

    assertSealed(() -> barrier.get(Keys.of("a")));
    assertSealed(() -> barrier.scan(null, null, 1));
    assertSealed(() -> barrier.transact(tx -> null));
    assertSealed(barrier::rotate);
  }

  @Test
  void afterSeal_nothingIsReadableUntilUnsealedAgain() {
    Keyring keys = Keyring.generate(random);
    barrier.unseal(keys);
    put("a", "x");

    barrier.seal();

    assertSealed(() -> read("a"));
    barrier.unseal(keys);
    assertThat(read("a")).isEqualTo("x");
  }

  @Test
  void theSealsOwnKeys_areHiddenFromScansAndRefused() {
    Keyring keys = Keyring.generate(random);
    barrier.unseal(keys);
    physical.transact(tx -> {
      barrier.storeKeyring(tx);
      tx.put(Keys.of("core/seal-config"), new byte[] {1});
      return null;
    });
    put("a", "1");
    put("cubbyhole/x", "2");
    put("z", "3");

    List<KeyValue> all = barrier.scan(null, null, 100);
    assertThat(all).extracting(kv -> Keys.suffix(kv.key(), new byte[0]))
        .containsExactly("a", "cubbyhole/x", "z");
    assertThat(barrier.scan(Keys.of("core"), Keys.of("core0"), 100)).isEmpty();
    assertThat(barrier.scan(Keys.of("core/k"), null, 1)).extracting(kv -> Keys.suffix(kv.key(),
        new byte[0])).containsExactly("cubbyhole/x");
    assertThat(barrier.scan(null, Keys.of("core/s"), 100)).hasSize(1);
    assertThat(barrier.scan(null, null, 2)).hasSize(2);
    assertThatThrownBy(() -> barrier.get(Barrier.KEYRING_KEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> barrier.transact(tx -> {
      tx.put(Keys.of("core/seal-config"), new byte[0]);
      return null;
    })).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theStoredKeyring_isEncrypted() throws Exception {
    Keyring keys = Keyring.generate(random);
    byte[] root = UnsealKeys.join(keys.splitRootKey(1, 1, random));

    byte[] stored = keys.encrypted();

    assertThat(indexOf(stored, root)).isEqualTo(-1);
    assertThat(Keyring.open(stored, root).term()).isEqualTo(1);
    byte[] changed = stored.clone();
    changed[changed.length - 1] ^= 1;
    assertThatThrownBy(() -> Keyring.open(changed, root))
        .isInstanceOf(Keyring.InvalidRootKeyException.class);
  }

  @Test
  void rememberedReads_followEveryChange_andNeverSkipTheCheckOfChangedBytes() {
    barrier.unseal(Keyring.generate(random));
    put("token/id/a", "first");
    put("token/id/b", "other");
    assertThat(read("token/id/a")).isEqualTo("first");
    assertThat(read("token/id/a")).isEqualTo("first");
    assertThat(read("token/id/b")).isEqualTo("other");
    assertThat(barrier.memoSize()).isEqualTo(2);

    put("token/id/a", "second");
    assertThat(read("token/id/a")).as("a rewritten value").isEqualTo("second");
    String locked = barrier.transact(tx -> new String(tx.getForUpdate(Keys.of("token/id/a"))
        .orElseThrow(), StandardCharsets.UTF_8));
    assertThat(locked).isEqualTo("second");

    // b's ciphertext copied over a: both were read (remembered) before, yet it must not open.
    byte[] bBytes = physical.get(Keys.of("token/id/b")).orElseThrow();
    physical.transact(tx -> {
      tx.put(Keys.of("token/id/a"), bBytes);
      return null;
    });
    assertThatThrownBy(() -> read("token/id/a")).hasMessageContaining("does not decrypt");

    // one flipped bit in a remembered value: refused too.
    byte[] tampered = physical.get(Keys.of("token/id/b")).orElseThrow().clone();
    tampered[tampered.length - 1] ^= 1;
    physical.transact(tx -> {
      tx.put(Keys.of("token/id/b"), tampered);
      return null;
    });
    assertThatThrownBy(() -> read("token/id/b")).hasMessageContaining("does not decrypt");
  }

  @Test
  void aReturnedValue_isACopy_andSealingForgetsEveryRememberedPlaintext() {
    Keyring keys = Keyring.generate(random);
    barrier.unseal(keys);
    put("sys/policy-version", "v1");
    byte[] first = barrier.get(Keys.of("sys/policy-version")).orElseThrow();
    first[0] = 'X';
    assertThat(read("sys/policy-version")).isEqualTo("v1");
    assertThat(barrier.memoSize()).isPositive();

    barrier.seal();

    assertThat(barrier.memoSize()).isZero();
    barrier.unseal(keys);
    assertThat(read("sys/policy-version")).isEqualTo("v1");
  }

  private static void assertSealed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(LeaseholdException.class,
        e -> assertThat(e.kind()).isEqualTo(LeaseholdException.Kind.SEALED));
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
