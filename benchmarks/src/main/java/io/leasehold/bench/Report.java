package io.leasehold.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Prints the load generator's tables. Latencies in milliseconds. */
final class Report {
  private Report() {}

  /**
   * One table: a row per operation, ratios against the health row of the same round. With several
   * rounds, each operation's row is its median-ratio round, followed by the range of its ratios.
   *
   * @param rounds the measured rounds, each a row per operation in the same order
   * @param describe add each operation's note (how it was run): for the first table only
   */
  static void table(PrintWriter out, int concurrency, List<List<PhaseResult>> rounds, boolean describe) {
    out.println();
    out.printf(Locale.ROOT, "== %d in flight ==%n", concurrency);
    boolean ranges = rounds.size() > 1;
    out.printf(
        Locale.ROOT, "%-20s %10s %9s %9s %9s %9s %8s %10s%s%n",
        "operation", "ops/s", "p50 ms", "p99 ms", "p999 ms", "max ms", "errors", "x health",
        ranges ? "  (range over " + rounds.size() + " rounds)" : "");
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < rounds.get(0).size(); i++) {
      List<Round> byRatio = new ArrayList<>();
      for (List<PhaseResult> round : rounds) {
        byRatio.add(new Round(round.get(i), ratio(round.get(i), baselineOf(round))));
      }
      byRatio.sort(Comparator.comparingDouble(Round::ratio));
      PhaseResult r = byRatio.get((byRatio.size() - 1) / 2).row();
      double median = byRatio.get((byRatio.size() - 1) / 2).ratio();
      if (r.firstError() != null && r.firstError().startsWith("set-up: ")) {
        out.printf(Locale.ROOT, "%-20s %10s%n", r.operation(), "set-up failed");
        notes.add(r.operation() + ": " + r.firstError());
        continue;
      }
      long errors = byRatio.stream().mapToLong(x -> x.row().errors()).sum();
      LatencyRecorder.Percentiles p = r.latency();
      String ratio = Double.isNaN(median) ? "-" : String.format(Locale.ROOT, "%.2f", median);
      String range = ranges && !Double.isNaN(median)
          ? String.format(Locale.ROOT, "  (%.2f-%.2f)", byRatio.get(0).ratio(), byRatio.get(byRatio.size() - 1).ratio())
          : "";
      out.printf(
          Locale.ROOT, "%-20s %,10.0f %9.3f %9.3f %9.3f %9.3f %,8d %10s%s%n",
          r.operation(), r.opsPerSecond(), ms(p.p50()), ms(p.p99()), ms(p.p999()), ms(p.max()), errors, ratio,
          range);
      for (Round x : byRatio) {
        PhaseResult row = x.row();
        if (row.exhausted()) {
          notes.add(String.format(
              Locale.ROOT, "%s: pool used up after %.2f s (%,d calls); ops/s is over that time",
              row.operation(), row.elapsedSeconds(), row.ok() + row.errors()));
        }
        if (row.firstError() != null) {
          notes.add(row.operation() + ": first error " + row.firstError());
        }
        if (row.unfinishedSlots() > 0) {
          notes.add(row.operation() + ": " + row.unfinishedSlots() + " call(s) never completed");
        }
        if (row.maxInFlight() > concurrency) {
          notes.add(row.operation() + ": BUG: " + row.maxInFlight() + " calls in flight");
        }
      }
      if (describe && r.note() != null) {
        notes.add(r.note());
      }
    }
    for (String note : notes) {
      out.println("  * " + note);
    }
    out.flush();
  }

  /** One round's row of an operation and its ratio to that round's baseline (NaN without one). */
  private record Round(PhaseResult row, double ratio) {}

  private static PhaseResult baselineOf(List<PhaseResult> round) {
    for (PhaseResult r : round) {
      if (r.operation().equals("health")) {
        return r;
      }
    }
    return null;
  }

  private static double ratio(PhaseResult r, PhaseResult baseline) {
    return baseline == null || baseline.opsPerSecond() == 0 ? Double.NaN : r.opsPerSecond() / baseline.opsPerSecond();
  }

  static void tree(PrintWriter out, TreeRevoke.Result t, String sideOp, int sideConcurrency, int setupInFlight) {
    out.println();
    out.printf(Locale.ROOT, "== tree-revoke: %,d tokens ==%n", t.size());
    out.printf(
        Locale.ROOT,
        "tree: 1 root, %,d children, %,d grandchildren; created through the API in %.1f s (%,.0f/s, %d in flight)%n",
        t.children(), t.grandchildren(), t.createSeconds(), t.size() / t.createSeconds(), setupInFlight);
    out.printf(Locale.ROOT, "RevokeToken of the tree root answered after %.3f s%n", t.answeredSeconds());
    out.printf(Locale.ROOT, "sampled tokens (root, last child, first and last leaf) refused after %.3f s%n",
        t.sampledRefusedSeconds());
    if (t.countersGoneNanos().isPresent()) {
      out.printf(Locale.ROOT, "stored token count down by %,d after %.3f s%n",
          t.size(), t.countersGoneNanos().getAsLong() / 1e9);
    } else {
      out.println("stored token count: not checked (sys ReadTokenCounters did not answer, or never dropped)");
    }
    if (t.sideBefore() != null && t.sideDuring() != null) {
      LatencyRecorder.Percentiles before = t.sideBefore().latency();
      LatencyRecorder.Percentiles during = t.sideDuring().latency();
      out.printf(
          Locale.ROOT,
          "side load %s, %d in flight: p99 %.3f ms before, %.3f ms during (%.2fx); p50 %.3f -> %.3f ms; "
              + "%,.0f -> %,.0f ops/s; %d errors during%n",
          sideOp, sideConcurrency, ms(before.p99()), ms(during.p99()),
          before.p99() == 0 ? 0.0 : (double) during.p99() / before.p99(),
          ms(before.p50()), ms(during.p50()),
          t.sideBefore().opsPerSecond(), t.sideDuring().opsPerSecond(), t.sideDuring().errors());
    }
    out.flush();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
