package io.leasehold.bench.jmh;

import io.leasehold.server.core.batch.BatchKeyset;
import io.leasehold.server.core.batch.BatchTokenCodec;
import io.leasehold.server.internal.v1.BatchTokenClaims;
import io.leasehold.server.storage.InMemoryStorage;
import java.util.concurrent.TimeUnit;
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
 * Sealing and opening a typical batch token (two policies, a parent, metadata) with the server's
 * codec: AES-256-GCM through Tink, base64url, and the canonical-spelling check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchTokenBenchmark {
  private BatchTokenCodec codec;
  private BatchTokenClaims claims;
  private String token;

  @Setup(Level.Trial)
  public void setUp() {
    BatchKeyset keyset = new BatchKeyset(new InMemoryStorage());
    keyset.initialize();
    codec = new BatchTokenCodec(keyset);
    claims = BatchTokenClaims.newBuilder().addPolicies("default").addPolicies("test")
        .setIssueTimeMillis(1_630_475_278_323L).setTtlSeconds(1200)
        .setParentHash("3f".repeat(32)).setDisplayName("token").putMeta("app", "shipping")
        .setPath("auth/token/create").build();
    token = codec.seal(claims);
  }

  @Benchmark
  public String seal() {
    return codec.seal(claims);
  }

  @Benchmark
  public Object open() {
    return codec.open(token).orElseThrow();
  }
}
