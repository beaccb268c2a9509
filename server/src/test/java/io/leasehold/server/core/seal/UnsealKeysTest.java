package io.leasehold.server.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class UnsealKeysTest {
  private static final long SEED = 0x5ea1ed5eedL;
  private final SecureRandom random = new SecureRandom();

  private byte[] secret() {
    byte[] s = new byte[Keyring.ROOT_KEY_BYTES];
    random.nextBytes(s);
    return s;
  }

  /** Random splits (n from 2 to 12, every threshold); random subsets of each size. */
  @TestFactory
  Stream<DynamicTest> anyThresholdOfTheKeysJoins_fewerDoNot() {
    Random r = new Random(SEED);
    return IntStream.range(0, 60).mapToObj(i -> {
      int n = 2 + r.nextInt(11);
      int k = 2 + r.nextInt(n - 1);
      long subsetSeed = r.nextLong();
      return DynamicTest.dynamicTest(k + " of " + n + " (seed " + SEED + ", case " + i + ")",
          () -> {
            byte[] secret = secret();
            List<byte[]> keys = UnsealKeys.split(secret, n, k, random);
            assertThat(keys).hasSize(n).allSatisfy(key ->
                assertThat(key).hasSize(Keyring.ROOT_KEY_BYTES + 1));
            Random pick = new Random(subsetSeed);
            for (int round = 0; round < 5; round++) {
              List<byte[]> shuffled = new ArrayList<>(keys);
              Collections.shuffle(shuffled, pick);
              assertThat(UnsealKeys.join(shuffled.subList(0, k))).isEqualTo(secret);
              assertThat(UnsealKeys.join(shuffled)).as("all n").isEqualTo(secret);
              assertThat(UnsealKeys.join(shuffled.subList(0, k - 1)))
                  .as("k - 1 keys join to something else").isNotEqualTo(secret);
            }
          });
    });
  }

  @Test
  void eachKeyEndsWithItsShareIndex() {
    List<byte[]> keys = UnsealKeys.split(secret(), 5, 3, random);

    for (int i = 0; i < 5; i++) {
      byte[] key = keys.get(i);
      assertThat(key[key.length - 1] & 0xFF).isEqualTo(i + 1);
    }
  }

  @Test
  void oneShare_theKeyIsTheSecretItself() {
    byte[] secret = secret();

    List<byte[]> keys = UnsealKeys.split(secret, 1, 1, random);

    assertThat(keys).hasSize(1);
    assertThat(keys.get(0)).isEqualTo(secret);
    assertThat(UnsealKeys.join(keys)).isEqualTo(secret);
  }

  @Test
  void maximumSplit_255Shares() {
    byte[] secret = secret();
    List<byte[]> keys = UnsealKeys.split(secret, 255, 3, random);

    assertThat(UnsealKeys.join(List.of(keys.get(254), keys.get(0), keys.get(100))))
        .isEqualTo(secret);
  }

  @Test
  void sameIndexTwice_refused() {
    List<byte[]> keys = UnsealKeys.split(secret(), 3, 2, random);
    byte[] forged = keys.get(1).clone();
    forged[forged.length - 1] = keys.get(0)[keys.get(0).length - 1];

    assertThatThrownBy(() -> UnsealKeys.join(List.of(keys.get(0), forged)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexZeroOrDifferentLengths_refused() {
    List<byte[]> keys = UnsealKeys.split(secret(), 3, 2, random);
    byte[] zero = keys.get(1).clone();
    zero[zero.length - 1] = 0;
    byte[] shorter = Arrays.copyOf(keys.get(1), keys.get(1).length - 1);

    assertThatThrownBy(() -> UnsealKeys.join(List.of(keys.get(0), zero)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnsealKeys.join(List.of(keys.get(0), shorter)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysOfAnotherSplit_joinToAKeyThatDoesNotOpenTheKeyring() throws Exception {
    Keyring keyring = Keyring.generate(random);
    byte[] stored = keyring.encrypted();
    List<byte[]> ours = keyring.splitRootKey(5, 3, random);
    List<byte[]> theirs = Keyring.generate(random).splitRootKey(5, 3, random);

    List<byte[]> mixed = List.of(ours.get(0), ours.get(1), theirs.get(2));

    assertThatThrownBy(() -> Keyring.open(stored, UnsealKeys.join(mixed)))
        .isInstanceOf(Keyring.InvalidRootKeyException.class);
    assertThat(Keyring.open(stored, UnsealKeys.join(ours.subList(2, 5))).term()).isEqualTo(1);
  }
}
