package io.leasehold.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the crash test's clients know about the tokens they made: each create and revoke is in
 * flight, acknowledged, refused (a definite answer from the server before the kill), or unknown
 * (in flight when the server died: it may or may not have happened). Thread-safe: every method
 * holds the ledger's lock (gRPC callbacks and the load driver share it).
 */
final class CrashLedger {
  /** Where a create or a revoke stands. */
  enum Outcome { IN_FLIGHT, ACKED, REFUSED, UNKNOWN }

  /** One token the test asked for. */
  static final class Entry {
    /** The ledger number, also sent as the token's meta {@code crash-op}. */
    final int number;
    /** The tracked parent, or null for a child of the root token or an orphan. */
    final Entry parent;
    final List<Entry> children = new ArrayList<>();
    /** Known from the start for a chosen ID, else from the create's reply. */
    String id;
    String accessor;
    Outcome create = Outcome.IN_FLIGHT;
    /** Null until a revoke of this very token is sent. */
    Outcome revoke;
    /** Whether the token is gone for good (seen gone after a restart, or revoked with a ghost). */
    boolean dead;

    Entry(int number, Entry parent, String id) {
      this.number = number;
      this.parent = parent;
      this.id = id;
    }

    @Override
    public String toString() {
      return "#" + number + "(create " + create + ", revoke " + revoke
          + (parent == null ? "" : ", parent #" + parent.number) + ")";
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  /** Live, acknowledged tokens nobody is revoking: what the load picks its targets from. */
  private final List<Entry> candidates = new ArrayList<>();
  private final Map<Entry, Integer> candidateIndex = new HashMap<>();
  private final List<String> unexpected = new ArrayList<>();
  private boolean killed;

  /** Records a create about to be sent. */
  synchronized Entry newCreate(Entry parent, String id) {
    Entry e = new Entry(entries.size(), parent, id);
    entries.add(e);
    if (parent != null) {
      parent.children.add(e);
    }
    return e;
  }

  synchronized void createAcked(Entry e, String id, String accessor) {
    e.create = Outcome.ACKED;
    e.id = id;
    e.accessor = accessor;
    if (!revokeSentOnPath(e)) {
      addCandidate(e);
    }
  }

  /** A create, renew or revoke answered with an error (or never answered, after the kill). */
  synchronized void failed(Entry e, boolean isCreate, String what, Throwable error) {
    boolean definite = !killed;
    if (isCreate) {
      e.create = definite ? Outcome.REFUSED : Outcome.UNKNOWN;
    } else if (what.equals("revoke")) {
      e.revoke = definite ? Outcome.REFUSED : Outcome.UNKNOWN;
    }
    // Before the kill, an error is only expected when a revoke above the token was sent (its
    // parent, or for a revoke, the token itself, may be gone by now).
    Entry revokedAbove = what.equals("revoke") ? e.parent : isCreate ? e.parent : e;
    if (definite && !revokeSentOnPath(revokedAbove)) {
      unexpected.add(what + " " + e + ": " + error);
    }
  }

  /** Marks a revoke of {@code e} sent: it and everything below it stop being targets. */
  synchronized void sendingRevoke(Entry e) {
    e.revoke = Outcome.IN_FLIGHT;
    removeSubtree(e);
  }

  synchronized void revokeAcknowledged(Entry e) {
    e.revoke = Outcome.ACKED;
  }

  /** From now on, an error means "unknown", not "refused". */
  synchronized void killed() {
    killed = true;
  }

  /** A random live target, or null. */
  synchronized Entry pick(Random random) {
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  synchronized int liveTargets() {
    return candidates.size();
  }

  synchronized List<String> unexpectedErrors() {
    return List.copyOf(unexpected);
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * Starts the next cycle from what a restart showed: {@code alive} are the live tokens, every
   * other entry not yet dead is dead now; nothing is in flight any more.
   */
  synchronized void restarted(java.util.Set<Entry> alive) {
    killed = false;
    candidates.clear();
    candidateIndex.clear();
    for (Entry e : entries) {
      if (alive.contains(e)) {
        e.create = Outcome.ACKED;
        e.revoke = null;
        addCandidate(e);
      } else {
        e.dead = true;
      }
    }
  }

  /** Whether a revoke of {@code e} or of a tracked ancestor was sent and not refused. */
  static boolean revokeSentOnPath(Entry e) {
    for (Entry x = e; x != null; x = x.parent) {
      if (x.revoke != null && x.revoke != Outcome.REFUSED) {
        return true;
      }
    }
    return false;
  }

  /** Whether a revoke of {@code e} or of a tracked ancestor was acknowledged. */
  static boolean revokeAckedOnPath(Entry e) {
    for (Entry x = e; x != null; x = x.parent) {
      if (x.revoke == Outcome.ACKED) {
        return true;
      }
    }
    return false;
  }

  private void addCandidate(Entry e) {
    candidateIndex.put(e, candidates.size());
    candidates.add(e);
  }

  private void removeSubtree(Entry root) {
    List<Entry> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      Entry e = todo.remove(todo.size() - 1);
      Integer i = candidateIndex.remove(e);
      if (i != null) {
        Entry last = candidates.remove(candidates.size() - 1);
        if (last != e) {
          candidates.set(i, last);
          candidateIndex.put(last, i);
        }
      }
      todo.addAll(e.children);
    }
  }
}
