package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.it.CrashLedger.Entry;
import io.leasehold.it.CrashLedger.Outcome;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.WritePolicyRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the durable server (issue 7): a real {@code ./leasehold server -config=FILE} on
 * RocksDB under 64 concurrent create / renew / revoke calls is killed with SIGKILL at a random
 * moment, restarted on the same directory and unsealed, then checked ({@link CrashVerifier}):
 * acknowledged creates are valid unless a revoke was sent above them, acknowledged revokes stuck,
 * calls in flight at the kill either happened or not (each accounted for), the accessor list and
 * the service-token counter match the live tokens exactly. Then the server is stopped cleanly and
 * its store opened in this JVM for {@code StoreConsistency}: no index entry without its token or
 * the reverse. Twenty cycles on one store. The seed ({@code -Dcrash.seed=N} to repeat) is printed.
 */
class CrashRecoveryTest {
  private static final int CYCLES = 20;
  /**
   * The server JVM is started 41 times: start-up time is most of the test. The quick compiler and
   * the serial GC start faster on a small machine, and a class-data archive of the classes a start
   * loads (written by the first, clean, stop) saves loading them again.
   */
  private static final String FAST_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off"
      + " -Xlog:cds+dynamic=off";

  @TempDir
  Path tmp;

  private DurableServer server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void acknowledgedWorkSurvivesSigkill() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("CrashRecoveryTest seed " + seed + " (-Dcrash.seed=" + seed
        + " repeats it)");
    Random random = new Random(seed);
    Path data = tmp.resolve("data");
    long started = System.nanoTime();

    Path archive = tmp.resolve("server.jsa");
    server = DurableServer.start(data, tmp.resolve("init"),
        FAST_START + " -XX:ArchiveClassesAtExit=" + archive);
    InitResponse init = server.sys(null).init(InitRequest.newBuilder().setSecretShares(3)
        .setSecretThreshold(2).build());
    List<String> keys = init.getKeysBase64List();
    String root = init.getRootToken();
    List<String> quorum = List.of(keys.get(0), keys.get(2));
    assertThat(server.unseal(quorum).getSealed()).isFalse();
    server.sys(root).writePolicy(WritePolicyRequest.newBuilder().setName(CrashLoad.POLICY)
        .setPolicy(CrashLoad.POLICY_TEXT).build());
    String rootAccessor = server.tokens(root).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData().getAccessor();
    server.stop();
    String jvm = FAST_START + " -XX:SharedArchiveFile=" + archive;
    server = DurableServer.start(data, tmp.resolve("first"), jvm);
    assertThat(server.unseal(quorum).getSealed()).isFalse();
    System.out.printf("set-up (init, archive, first start): %d ms%n",
        millis(started, System.nanoTime()));

    CrashLedger ledger = new CrashLedger();
    long totalAcked = 0;
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      long cycleStart = System.nanoTime();
      long killAfter = random.nextInt(1500);
      CrashLoad load = new CrashLoad(ledger, new Random(random.nextLong()), root);
      load.runAndKill(server, killAfter);
      long killed = System.nanoTime();
      int unknownCreates = count(ledger, e -> e.create == Outcome.UNKNOWN);
      int unknownRevokes = count(ledger, e -> e.revoke == Outcome.UNKNOWN);

      server = DurableServer.start(data, tmp.resolve("cycle-" + cycle), jvm);
      long restarted = System.nanoTime();
      assertThat(server.unseal(quorum).getSealed()).as("unsealed after the kill").isFalse();
      CrashVerifier verifier = new CrashVerifier(server, root, rootAccessor);
      Set<Entry> alive = verifier.verify(ledger);
      String where = "cycle " + cycle + ", seed " + seed + ", kill after " + killAfter + " ms";
      assertThat(ledger.unexpectedErrors()).as("errors before the kill, %s", where).isEmpty();
      assertThat(verifier.problems()).as("after the restart, %s", where).isEmpty();
      ledger.restarted(alive);
      long verified = System.nanoTime();

      server.stop();
      server = null;
      assertThat(StoreCheck.violations(data, quorum)).as("store consistency, %s", where)
          .isEmpty();
      long checked = System.nanoTime();
      if (cycle + 1 < CYCLES) {
        server = DurableServer.start(data, tmp.resolve("next-" + cycle), jvm);
        assertThat(server.unseal(quorum).getSealed()).isFalse();
      }
      totalAcked += load.acked();
      System.out.printf("crash cycle %2d: kill %4d ms after the first ack, %5d calls"
              + " acknowledged, %2d creates and %2d revokes unanswered (%d unanswered creates"
              + " found by accessor), %5d live tokens; load+kill %5d ms, restart %5d ms,"
              + " verify %5d ms, stop+store check %5d ms, cycle %5d ms%n",
          cycle, killAfter, load.acked(), unknownCreates, unknownRevokes, verifier.ghosts(),
          alive.size(),
          millis(cycleStart, killed), millis(killed, restarted), millis(restarted, verified),
          millis(verified, checked), millis(cycleStart, System.nanoTime()));
    }
    System.out.printf("crash test: %d cycles, %d calls acknowledged, %d ms in all%n", CYCLES,
        totalAcked, millis(started, System.nanoTime()));
  }

  private static int count(CrashLedger ledger, java.util.function.Predicate<Entry> p) {
    return (int) ledger.entries().stream().filter(e -> !e.dead).filter(p).count();
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
