package io.leasehold.server.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.internal.v1.BatchTokenClaims;
import io.leasehold.server.storage.InMemoryStorage;
import java.util.Base64;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The batch-token codec: round trips, rotation, and that nothing but a sealed token opens. */
class BatchTokenCodecTest {
  private final InMemoryStorage storage = new InMemoryStorage();
  private final BatchKeyset keyset = new BatchKeyset(storage);
  private final BatchTokenCodec codec = new BatchTokenCodec(keyset);

  BatchTokenCodecTest() {
    keyset.initialize();
  }

  private static BatchTokenClaims claims(int i) {
    return BatchTokenClaims.newBuilder().addPolicies("default").addPolicies("test")
        .setIssueTimeMillis(1_630_475_278_323L + i).setTtlSeconds(1200).setParentHash("ab" + i)
        .setDisplayName("token").putMeta("k", "v" + i).setPath("auth/token/create").build();
  }

  @Test
  void roundTrip() {
    String token = codec.seal(claims(1));
    assertThat(token).startsWith("b.").matches("b\\.[A-Za-z0-9_-]+");
    assertThat(codec.open(token)).contains(claims(1));
    assertThat(codec.seal(claims(1))).as("a fresh nonce each time").isNotEqualTo(token);
  }

  @Test
  void rotation_oldTokensStillOpen_newOnesUseTheNewKey() {
    String before = codec.seal(claims(1));
    keyset.rotate();
    String after = codec.seal(claims(2));
    assertThat(codec.open(before)).contains(claims(1));
    assertThat(codec.open(after)).contains(claims(2));
    // A node that has not seen the rotation cannot open tokens sealed under the new key...
    BatchKeyset stale = new BatchKeyset(new InMemoryStorage());
    stale.initialize();
    assertThat(new BatchTokenCodec(stale).open(after)).isEmpty();
    // ...while one reading the same storage can, and also the old ones.
    BatchKeyset other = new BatchKeyset(storage);
    other.initialize();
    assertThat(new BatchTokenCodec(other).open(after)).contains(claims(2));
    assertThat(new BatchTokenCodec(other).open(before)).contains(claims(1));
  }

  @Test
  void aTokenOpenedAgain_isRemembered_onlyUnderTheKeysetThatOpenedIt() {
    String token = codec.seal(claims(1));
    BatchTokenClaims first = codec.open(token).orElseThrow();
    assertThat(codec.open(token)).get().as("remembered, not decrypted again").isSameAs(first);
    keyset.rotate();
    BatchTokenClaims afterRotation = codec.open(token).orElseThrow();
    assertThat(afterRotation).as("opened again under the rotated keyset").isNotSameAs(first)
        .isEqualTo(first);
  }

  @Test
  void aRememberedTokenDoesNotOpenWhileSealed() {
    String token = codec.seal(claims(1));
    assertThat(codec.open(token)).isPresent();
    keyset.forget();
    codec.forgetOpened();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.open(token))
        .isInstanceOf(io.leasehold.server.core.LeaseholdException.class);
    keyset.initialize();
    assertThat(codec.open(token)).as("the same keyset, loaded again").contains(claims(1));
  }

  @Test
  void rememberingIsBounded() {
    OpenedTokens memo = new OpenedTokens();
    com.google.crypto.tink.Aead aead = keyset.aead();
    for (int i = 0; i <= OpenedTokens.CAPACITY * 2; i++) {
      memo.remember("b.token-" + i, aead, claims(i));
      assertThat(memo.size()).isLessThanOrEqualTo(OpenedTokens.CAPACITY);
    }
    assertThat(memo.find("b.token-" + OpenedTokens.CAPACITY * 2, aead)).isEqualTo(
        claims(OpenedTokens.CAPACITY * 2));
    memo.clear();
    assertThat(memo.size()).isZero();
  }

  @Test
  void anotherClustersTokenDoesNotOpen() {
    BatchKeyset elsewhere = new BatchKeyset(new InMemoryStorage());
    elsewhere.initialize();
    assertThat(codec.open(new BatchTokenCodec(elsewhere).seal(claims(1)))).isEmpty();
  }

  /** Every single-bit flip, every truncation and extension of real tokens is refused. */
  @TestFactory
  Stream<DynamicTest> mangledTokensNeverOpen() {
    return IntStream.range(0, 20).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
      Random r = new Random(seed);
      String token = codec.seal(claims(seed));
      char[] chars = token.toCharArray();
      for (int i = 0; i < chars.length; i++) {
        for (int bit = 0; bit < 7; bit++) {
          char[] flipped = chars.clone();
          flipped[i] = (char) (flipped[i] ^ (1 << bit));
          String s = new String(flipped);
          if (!s.equals(token)) {
            assertThat(codec.open(s)).as("bit %d of char %d", bit, i).isEmpty();
          }
        }
      }
      byte[] blob = Base64.getUrlDecoder().decode(token.substring(2));
      for (int i = 0; i < blob.length; i++) {
        byte[] changed = blob.clone();
        changed[i] = (byte) (changed[i] + 1 + r.nextInt(255));
        assertThat(codec.open("b." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(changed))).as("byte %d", i).isEmpty();
      }
      for (int len = 0; len < token.length(); len++) {
        assertThat(codec.open(token.substring(0, len))).as("cut to %d", len).isEmpty();
      }
      for (String tail : new String[] {"A", "=", "==", "AAAA", "\u0000", "b."}) {
        assertThat(codec.open(token + tail)).as("plus %s", tail).isEmpty();
      }
    }));
  }

  /** Random strings with the prefix, and arbitrary bytes behind it, never open or throw. */
  @TestFactory
  Stream<DynamicTest> randomStringsNeverOpen() {
    return IntStream.range(0, 10).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
      Random r = new Random(1000 + seed);
      for (int i = 0; i < 2_000; i++) {
        int n = r.nextInt(300);
        StringBuilder b = new StringBuilder("b.");
        for (int j = 0; j < n; j++) {
          b.append((char) (r.nextBoolean() ? r.nextInt(128) : r.nextInt(0x10000)));
        }
        assertThat(codec.open(b.toString())).isEmpty();
        byte[] raw = new byte[r.nextInt(200)];
        r.nextBytes(raw);
        if (raw.length > 0) {
          raw[0] = BatchTokenCodec.VERSION;
        }
        assertThat(codec.open("b." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw)))
            .isEmpty();
      }
    }));
  }

  @Test
  void notBatchShaped() {
    assertThat(codec.open(null)).isEmpty();
    assertThat(codec.open("")).isEmpty();
    assertThat(codec.open("s.abc")).isEmpty();
    assertThat(codec.open("b.")).isEmpty();
    assertThat(codec.open("b." + "A".repeat(100_000))).isEmpty();
  }
}
