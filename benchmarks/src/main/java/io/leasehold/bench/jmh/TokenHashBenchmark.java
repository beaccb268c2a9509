package io.leasehold.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HMAC-SHA256 keyed hashing of a 26-character service token ID ("s." + 24 base62), the way token
 * IDs and accessors become storage keys (a per-cluster 32-byte salt as the key, javax.crypto).
 * Variants show what each step costs: the bare MAC with a reused instance, the whole
 * string-to-hex-key path through a ThreadLocal Mac (what the server does), and a Mac made per
 * call (what not caching it would cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenHashBenchmark {
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SecretKeySpec key;
  private ThreadLocal<Mac> macs;
  private Mac mac;
  private String token;
  private byte[] tokenBytes;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    key = new SecretKeySpec(salt, "HmacSHA256");
    mac = newMac(key);
    macs = ThreadLocal.withInitial(() -> newMac(key));
    StringBuilder id = new StringBuilder("s.");
    for (int i = 0; i < 24; i++) {
      id.append(BASE62[random.nextInt(BASE62.length)]);
    }
    token = id.toString();
    tokenBytes = token.getBytes(StandardCharsets.UTF_8);
    if (token.length() != 26) {
      throw new IllegalStateException("token must be 26 chars");
    }
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The MAC alone: bytes in, 32-byte digest out, Mac reused. */
  @Benchmark
  public byte[] macReused() {
    return mac.doFinal(tokenBytes);
  }

  /** String → UTF-8 → HMAC via a ThreadLocal Mac → lower-case hex: the storage key's hash part. */
  @Benchmark
  public String hexKeyThreadLocalMac() {
    byte[] digest = macs.get().doFinal(token.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }

  /** Mac.getInstance + init on every call: the cost of not caching the Mac. */
  @Benchmark
  public byte[] macPerCall() {
    return newMac(key).doFinal(tokenBytes);
  }
}
