package io.leasehold.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the load generator's tables. Latencies in milliseconds. */
final class Report {
  private Report() {}

  /**
   * One table: a row per operation, ratios against the health row.
   *
   * @param describe add each operation's note (how it was run): for the first table only
   */
  static void table(PrintWriter out, int concurrency, List<PhaseResult> rows, boolean describe) {
    PhaseResult baseline = null;
    for (PhaseResult r : rows) {
      if (r.operation().equals("health")) {
        baseline = r;
      }
    }
    out.println();
    out.printf(Locale.ROOT, "== %d in flight ==%n", concurrency);
    out.printf(
        Locale.ROOT, "%-20s %10s %9s %9s %9s %9s %8s %10s%n",
        "operation", "ops/s", "p50 ms", "p99 ms", "p999 ms", "max ms", "errors", "x health");
    List<String> notes = new ArrayList<>();
    for (PhaseResult r : rows) {
      if (r.firstError() != null && r.firstError().startsWith("set-up: ")) {
        out.printf(Locale.ROOT, "%-20s %10s%n", r.operation(), "set-up failed");
        notes.add(r.operation() + ": " + r.firstError());
        continue;
      }
      LatencyRecorder.Percentiles p = r.latency();
      String ratio =
          baseline == null || baseline.opsPerSecond() == 0
              ? "-"
              : String.format(Locale.ROOT, "%.2f", r.opsPerSecond() / baseline.opsPerSecond());
      out.printf(
          Locale.ROOT, "%-20s %,10.0f %9.3f %9.3f %9.3f %9.3f %,8d %10s%n",
          r.operation(), r.opsPerSecond(), ms(p.p50()), ms(p.p99()), ms(p.p999()), ms(p.max()), r.errors(), ratio);
      if (r.exhausted()) {
        notes.add(String.format(
            Locale.ROOT, "%s: pool used up after %.2f s (%,d calls); ops/s is over that time",
            r.operation(), r.elapsedSeconds(), r.ok() + r.errors()));
      }
      if (r.firstError() != null) {
        notes.add(r.operation() + ": first error " + r.firstError());
      }
      if (r.unfinishedSlots() > 0) {
        notes.add(r.operation() + ": " + r.unfinishedSlots() + " call(s) never completed");
      }
      if (r.maxInFlight() > concurrency) {
        notes.add(r.operation() + ": BUG: " + r.maxInFlight() + " calls in flight");
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
