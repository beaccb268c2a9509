package io.leasehold.server.storage;

import static io.leasehold.server.storage.StorageContractTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class KeysTest {

  /** Fixed, so that a failure replays; the loops below try many values per run. */
  private static final long SEED = 0x5EED_1EA5EL;

  // ---- prefixEnd ------------------------------------------------------------------------------

  @Test
  void prefixEnd_incrementsTheLastByte() {
    assertThat(Keys.prefixEnd(Keys.of("token/id/"))).isEqualTo(Keys.of("token/id0"));
    assertThat(Keys.prefixEnd(bytes(0x01, 0x7F))).isEqualTo(bytes(0x01, 0x80));
  }

  @Test
  void prefixEnd_dropsTrailing0xFFAndIncrementsTheByteBefore() {
    assertThat(Keys.prefixEnd(bytes(0x01, 0xFF))).isEqualTo(bytes(0x02));
    assertThat(Keys.prefixEnd(bytes(0x01, 0xFE, 0xFF, 0xFF))).isEqualTo(bytes(0x01, 0xFF));
  }

  @Test
  void prefixEnd_allFFOrEmpty_isUnbounded() {
    assertThat(Keys.prefixEnd(bytes(0xFF))).isNull();
    assertThat(Keys.prefixEnd(bytes(0xFF, 0xFF, 0xFF))).isNull();
    assertThat(Keys.prefixEnd(new byte[0])).isNull();
  }

  @Test
  void prefixEnd_doesNotChangeItsArgument() {
    byte[] prefix = bytes(0x01, 0xFF);

    Keys.prefixEnd(prefix);

    assertThat(prefix).isEqualTo(bytes(0x01, 0xFF));
  }

  @Test
  void prefixEnd_boundsExactlyTheKeysWithThePrefix() {
    // For random prefixes and keys over a small alphabet near the signed boundary:
    // prefix <= key < prefixEnd(prefix)  <=>  key starts with prefix.
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 20_000; i++) {
      byte[] prefix = randomBytes(random, 0, 3);
      byte[] key = randomBytes(random, 0, 5);
      byte[] end = Keys.prefixEnd(prefix);

      boolean inRange =
          Arrays.compareUnsigned(key, prefix) >= 0
              && (end == null || Arrays.compareUnsigned(key, end) < 0);

      assertThat(inRange)
          .as("key %s, prefix %s, end %s", Arrays.toString(key), Arrays.toString(prefix),
              Arrays.toString(end))
          .isEqualTo(Keys.hasPrefix(key, prefix));
    }
  }

  // ---- longBigEndian / readLong ---------------------------------------------------------------

  @Test
  void longBigEndian_isEightBytesMostSignificantFirst() {
    assertThat(Keys.longBigEndian(0x0102030405060708L))
        .isEqualTo(bytes(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08));
    assertThat(Keys.longBigEndian(0)).hasSize(8).containsOnly(0);
  }

  @Test
  void longBigEndian_sortsLikeTheNumber_forNonNegativeLongs() {
    long[] edges = {0, 1, 127, 128, 255, 256, 65_535, 65_536, Integer.MAX_VALUE,
        1L << 32, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    for (long a : edges) {
      for (long b : edges) {
        assertSameOrder(a, b);
      }
    }
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 20_000; i++) {
      // Mix full-range values with ones that differ only in low bytes.
      long a = random.nextLong(Long.MAX_VALUE);
      long b = random.nextBoolean() ? random.nextLong(Long.MAX_VALUE) : a ^ random.nextInt(1 << 16);
      assertSameOrder(a, b);
    }
  }

  @Test
  void longBigEndian_negativeValues_sortAfterPositiveOnes() {
    // Documented limit: only non-negative values (deadlines in epoch millis) sort numerically.
    assertThat(Arrays.compareUnsigned(Keys.longBigEndian(-1), Keys.longBigEndian(1))).isPositive();
  }

  @Test
  void readLong_readsWhatLongBigEndianWrote_atAnyOffset() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 1_000; i++) {
      long n = random.nextLong();
      byte[] key = Keys.concat(Keys.of("expire/"), Keys.longBigEndian(n), Keys.of("/hash"));

      assertThat(Keys.readLong(key, "expire/".length())).isEqualTo(n);
    }
    assertThat(Keys.readLong(Keys.longBigEndian(Long.MIN_VALUE), 0)).isEqualTo(Long.MIN_VALUE);
  }

  // ---- hasPrefix / suffix / of / concat -------------------------------------------------------

  @Test
  void hasPrefix_cases() {
    byte[] key = Keys.of("token/id/abc");

    assertThat(Keys.hasPrefix(key, Keys.of("token/id/"))).isTrue();
    assertThat(Keys.hasPrefix(key, key)).isTrue();
    assertThat(Keys.hasPrefix(key, new byte[0])).isTrue();
    assertThat(Keys.hasPrefix(key, Keys.of("token/accessor/"))).isFalse();
    assertThat(Keys.hasPrefix(Keys.of("token"), Keys.of("token/"))).isFalse();
    assertThat(Keys.hasPrefix(bytes(0x80, 0x01), bytes(0x80))).isTrue();
  }

  @Test
  void suffix_isTheRestAsUtf8() {
    assertThat(Keys.suffix(Keys.of("policy/admin"), Keys.of("policy/"))).isEqualTo("admin");
    assertThat(Keys.suffix(Keys.of("cubbyhole/h/clé ✓"), Keys.of("cubbyhole/h/"))).isEqualTo("clé ✓");
    assertThat(Keys.suffix(Keys.of("role/"), Keys.of("role/"))).isEmpty();
  }

  @Test
  void of_isUtf8_andConcat_joinsInOrder() {
    assertThat(Keys.of("é")).isEqualTo(bytes(0xC3, 0xA9));
    assertThat(Keys.concat(Keys.of("a/"), bytes(0xFF), new byte[0], Keys.of("/b")))
        .isEqualTo(bytes('a', '/', 0xFF, '/', 'b'));
    assertThat(Keys.concat()).isEmpty();
  }

  private static void assertSameOrder(long a, long b) {
    int bytesOrder = Integer.signum(Arrays.compareUnsigned(Keys.longBigEndian(a), Keys.longBigEndian(b)));
    assertThat(bytesOrder).as("order of %d and %d", a, b).isEqualTo(Long.signum(Long.compare(a, b)));
  }

  private static byte[] randomBytes(SplittableRandom random, int minLength, int maxLength) {
    byte[] alphabet = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};
    byte[] out = new byte[minLength + random.nextInt(maxLength - minLength + 1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return out;
  }
}
