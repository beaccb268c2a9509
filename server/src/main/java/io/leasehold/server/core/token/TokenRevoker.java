package io.leasehold.server.core.token;

import io.leasehold.server.core.cubbyhole.Cubbyhole;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Revokes tokens: a whole tree (the token and every descendant) or a single token whose children
 * become orphans.
 *
 * <p>A revocation is first recorded ({@code revoke/<hash>}) in the same transaction that makes the
 * token unusable, then carried out iteratively, children before parents, in batches of bounded
 * size, so that a tree of any depth or width neither overflows a stack nor holds one huge
 * transaction, and a crash part-way leaves a record from which {@link #resumePending} finishes it.
 */
public final class TokenRevoker {
  /** Children handled per transaction. */
  static final int BATCH = 512;

  private static final byte[] TREE = Keys.of("tree");
  private static final byte[] ORPHAN = Keys.of("orphan");

  private final TokenRepository tokens;
  private final Storage storage;

  public TokenRevoker(TokenRepository tokens) {
    this.tokens = tokens;
    this.storage = tokens.storage();
  }

  /**
   * Revokes the token and all its descendants before returning.
   *
   * @return whether the token existed
   */
  public boolean revokeTree(String hash) {
    Outcome outcome = storage.transact(tx -> {
      Optional<TokenEntry> entry = tokens.loadForUpdate(tx, hash);
      if (entry.isEmpty()) {
        return Outcome.MISSING;
      }
      // A token without children (most of them) goes at once, in this transaction: one commit,
      // one fsync, instead of recording the revocation in one and carrying it out in another.
      // The entry is locked now, so no child can be added under it before this commits.
      if (tokens.children(tx, hash, 1).isEmpty()) {
        removeOne(tx, hash, entry, null);
        return Outcome.DONE;
      }
      begin(tx, hash, false);
      return Outcome.BEGUN;
    });
    if (outcome == Outcome.BEGUN) {
      drainTree(hash);
    }
    return outcome != Outcome.MISSING;
  }

  private enum Outcome {
    MISSING,
    BEGUN,
    DONE
  }

  /**
   * Inside {@code tx}: makes the token unusable and records that its tree revocation has begun.
   * The caller must run {@link #finish} after committing.
   *
   * @return whether the token existed
   */
  public boolean beginTree(Transaction tx, String hash) {
    return begin(tx, hash, false);
  }

  /** Carries out a tree revocation begun with {@link #beginTree}. */
  public void finish(String hash) {
    drainTree(hash);
  }

  /**
   * Revokes only the token; its direct children become orphans and keep their own lifetimes.
   *
   * @return whether the token existed
   */
  public boolean revokeOrphan(String hash) {
    boolean begun = storage.transact(tx -> begin(tx, hash, true));
    if (begun) {
      drainOrphan(hash);
    }
    return begun;
  }

  /** Finishes every revocation a crash or failure interrupted. Returns how many it finished. */
  public int resumePending() {
    int done = 0;
    byte[] end = Keys.prefixEnd(TokenKeys.REVOKE_PREFIX);
    while (true) {
      List<KeyValue> pending = storage.scan(TokenKeys.REVOKE_PREFIX, end, BATCH);
      if (pending.isEmpty()) {
        return done;
      }
      for (KeyValue kv : pending) {
        String hash = Keys.suffix(kv.key(), TokenKeys.REVOKE_PREFIX);
        if (new String(kv.value(), StandardCharsets.UTF_8).equals("orphan")) {
          drainOrphan(hash);
        } else {
          drainTree(hash);
        }
        done++;
      }
    }
  }

  private boolean begin(Transaction tx, String hash, boolean orphanChildren) {
    Optional<TokenEntry> entry = tokens.loadForUpdate(tx, hash);
    if (entry.isEmpty()) {
      return false;
    }
    TokenEntry e = entry.get();
    if (e.numUses() != -1) {
      tokens.update(tx, e, e.withNumUses(-1));
    }
    tx.put(TokenKeys.revoke(hash), orphanChildren ? ORPHAN : TREE);
    return true;
  }

  /**
   * Removes the tree under {@code rootHash}, deepest first. Every batch but the last is committed
   * without waiting for the disk ({@link Storage#transactDeferred}): after a crash the revocation's
   * durable record redoes whatever was lost, and the last batch, which removes the root and the
   * record, is durable, and with it (commits are durable in order) every batch before it.
   */
  private void drainTree(String rootHash) {
    Deque<String> stack = new ArrayDeque<>();
    stack.push(rootHash);
    while (!stack.isEmpty()) {
      String top = stack.peek();
      boolean isRoot = top.equals(rootHash);
      Step step = storage.transactDeferred(tx -> treeStep(tx, top, !isRoot));
      if (step == Step.CHILDLESS) {
        // Only the root stops here: its removal is the final, durable commit.
        step = storage.transact(tx -> {
          Step last = treeStep(tx, top, true);
          if (last == Step.REMOVED) {
            tx.delete(TokenKeys.revoke(rootHash));
          }
          return last;
        });
      }
      if (step == Step.REMOVED) {
        stack.pop();
      } else {
        step.deeper.forEach(stack::push);
      }
    }
  }

  /** What one batch of a tree revocation did to the token on top of the stack. */
  private static final class Step {
    static final Step REMOVED = new Step(List.of());
    static final Step CHILDLESS = new Step(List.of());

    /** Its children that have children of their own, to be drained first. */
    final List<String> deeper;

    Step(List<String> deeper) {
      this.deeper = deeper;
    }
  }

  /**
   * Inside {@code tx}: removes up to {@link #BATCH} children of {@code top} that have no children
   * (marking the others unusable and returning them), or, when {@code top} has no children left,
   * removes it if {@code removeWhenChildless} (else returns {@link Step#CHILDLESS}).
   */
  private Step treeStep(Transaction tx, String top, boolean removeWhenChildless) {
    List<String> kids = tokens.children(tx, top, BATCH);
    if (kids.isEmpty()) {
      if (!removeWhenChildless) {
        return Step.CHILDLESS;
      }
      removeOne(tx, top, tokens.loadForUpdate(tx, top), null);
      return Step.REMOVED;
    }
    List<String> withChildren = new ArrayList<>();
    for (String kid : kids) {
      // Locked before anything else is read: a create under it waits (and then finds it gone),
      // and a renewal cannot move its expiry index between this read and the delete.
      Optional<TokenEntry> entry = tokens.loadForUpdate(tx, kid);
      if (tokens.children(tx, kid, 1).isEmpty()) {
        removeOne(tx, kid, entry, top);
      } else {
        // Unusable from now on, so it cannot mint children behind our back.
        entry.filter(e -> e.numUses() != -1)
            .ifPresent(e -> tokens.update(tx, e, e.withNumUses(-1)));
        withChildren.add(kid);
      }
    }
    return new Step(withChildren);
  }

  /**
   * Orphans the children in batches that need not be durable (the record redoes them), then
   * removes the token and its record in one durable commit.
   */
  private void drainOrphan(String hash) {
    boolean removed = false;
    while (!removed) {
      while (storage.transactDeferred(tx -> orphanBatch(tx, hash))) {
        // the next batch
      }
      removed = storage.transact(tx -> {
        if (orphanBatch(tx, hash)) {
          return false; // a child was left after all: go round again
        }
        removeOne(tx, hash, tokens.loadForUpdate(tx, hash), null);
        tx.delete(TokenKeys.revoke(hash));
        return true;
      });
    }
  }

  /** Inside {@code tx}: orphans up to {@link #BATCH} children; whether there were any. */
  private boolean orphanBatch(Transaction tx, String hash) {
    List<String> kids = tokens.children(tx, hash, BATCH);
    for (String kid : kids) {
      Optional<TokenEntry> child = tokens.loadForUpdate(tx, kid);
      if (child.isPresent() && child.get().parentHash().equals(hash)) {
        tokens.update(tx, child.get(), child.get().asOrphan());
      }
      tx.delete(TokenKeys.child(hash, kid));
    }
    return !kids.isEmpty();
  }

  /**
   * Deletes one token (which has no children left) with all its indexes. {@code entry} must have
   * been read with {@link TokenRepository#loadForUpdate} in {@code tx}: the indexes deleted are the
   * ones it names, so a concurrent renewal must not be able to move them after that read.
   */
  private void removeOne(Transaction tx, String hash, Optional<TokenEntry> entry,
      String indexedUnder) {
    // The token's private data goes first: it is the most sensitive part.
    Cubbyhole.destroy(tx, hash);
    entry.ifPresent(e -> tokens.delete(tx, e));
    if (indexedUnder != null
        && (entry.isEmpty() || !entry.get().parentHash().equals(indexedUnder))) {
      // Also drop the index we found it through when the entry disagrees or is gone.
      tx.discard(TokenKeys.child(indexedUnder, hash));
    }
  }
}
