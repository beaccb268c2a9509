package io.leasehold.bench;

import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.RocksDbStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Synced RocksDB commits per second by T threads, each committing transactions shaped like a token
 * create (four puts: entry, accessor, parent index, expiry index), without gRPC: how far RocksDB's
 * write groups (group commit) carry as more committers wait on one fsync.
 */
@Command(name = "leasehold-commits", mixinStandardHelpOptions = true,
    description = "Synced 4-put commits per second against RocksDB, per number of threads.")
public final class CommitBenchmark implements Callable<Integer> {

  @Option(names = "--threads", split = ",", defaultValue = "1,4,16,64",
      description = "Committing threads; one run each. Default: ${DEFAULT-VALUE}.")
  List<Integer> threads;

  @Option(names = "--seconds", defaultValue = "5", description = "Per run. Default: ${DEFAULT-VALUE}.")
  int seconds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CommitBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("leasehold-commits-");
    try (RocksDbStorage storage = RocksDbStorage.open(dir)) {
      run(storage, 4, 2); // warm-up
      for (int t : threads) {
        double rate = run(storage, t, seconds);
        System.out.printf(Locale.ROOT, "%3d threads: %,9.0f commits/s (%,.0f puts/s)%n", t, rate, 4 * rate);
      }
    } finally {
      new BenchStorage(null, "", dir).deleteIfTemporary();
    }
    return 0;
  }

  private static double run(RocksDbStorage storage, int threads, int seconds) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder commits = new LongAdder();
    List<Thread> workers = new ArrayList<>();
    byte[] value = new byte[200];
    for (int i = 0; i < threads; i++) {
      Thread w = new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
          String h = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
          storage.transact(tx -> {
            tx.put(Keys.of("token/id/" + h), value);
            tx.put(Keys.of("token/accessor/" + h), value);
            tx.put(Keys.of("token/parent/root/" + h), new byte[0]);
            tx.put(Keys.concat(Keys.of("expire/"), Keys.longBigEndian(random.nextLong(1L << 40)),
                Keys.of(h)), new byte[0]);
            return null;
          });
          commits.increment();
        }
      });
      w.setDaemon(true);
      workers.add(w);
    }
    long t0 = System.nanoTime();
    workers.forEach(Thread::start);
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    return commits.sum() / ((System.nanoTime() - t0) / 1e9);
  }
}
