package io.leasehold.server.core.token;

import io.leasehold.server.core.cubbyhole.Cubbyhole;
import io.leasehold.server.internal.v1.StoredAccessor;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * auth/token/tidy: removes index entries and cubbyhole data that belong to tokens that no longer
 * exist, in the background. Children whose parent is gone become orphans. Only one run at a time.
 */
public final class TokenTidy {
  /** Answer when a run starts. */
  public static final String STARTED = "Tidy operation successfully started. Any information from"
      + " the operation will be printed to Leasehold's server logs.";
  /** Answer when a run is already going. */
  public static final String ALREADY_RUNNING = "Tidy operation already in progress.";

  private static final Logger LOG = LoggerFactory.getLogger(TokenTidy.class);
  private static final int PAGE = 512;

  private final TokenRepository tokens;
  private final Storage storage;
  private final Executor executor;
  private final AtomicBoolean running = new AtomicBoolean();

  public TokenTidy(TokenRepository tokens, Executor executor) {
    this.tokens = tokens;
    this.storage = tokens.storage();
    this.executor = executor;
  }

  /** Starts a run unless one is going; returns the warning to show. */
  public String start() {
    if (!running.compareAndSet(false, true)) {
      return ALREADY_RUNNING;
    }
    try {
      executor.execute(() -> {
        try {
          Counts c = runNow();
          LOG.info("token tidy done: {} dangling child indexes, {} children orphaned, {} dangling"
              + " accessors, {} dangling expiry entries, {} orphaned cubbyhole entries", c.childIndexes,
              c.orphaned, c.accessors, c.expiries, c.cubbyholeEntries);
        } catch (RuntimeException e) {
          LOG.error("token tidy failed", e);
        } finally {
          running.set(false);
        }
      });
    } catch (RuntimeException e) {
      running.set(false);
      throw e;
    }
    return STARTED;
  }

  /** What one run removed or fixed. */
  public static final class Counts {
    public long childIndexes;
    public long orphaned;
    public long accessors;
    public long expiries;
    public long cubbyholeEntries;
  }

  /** Runs a tidy pass on the calling thread. */
  public Counts runNow() {
    Counts c = new Counts();
    scanAll(TokenKeys.PARENT_PREFIX, kv -> {
      String rest = Keys.suffix(kv.key(), TokenKeys.PARENT_PREFIX);
      int slash = rest.indexOf('/');
      if (slash < 0) {
        storage.transact(tx -> tx.delete(kv.key()));
        c.childIndexes++;
        return;
      }
      String parent = rest.substring(0, slash);
      String child = rest.substring(slash + 1);
      storage.transact(tx -> {
        boolean parentAlive = tokens.exists(tx, parent);
        var childEntry = tokens.loadForUpdate(tx, child);
        if (childEntry.isEmpty()) {
          tx.delete(kv.key());
          c.childIndexes++;
        } else if (!parentAlive) {
          if (childEntry.get().parentHash().equals(parent)) {
            tokens.update(tx, childEntry.get(), childEntry.get().asOrphan());
            c.orphaned++;
          }
          tx.delete(kv.key());
          c.childIndexes++;
        }
        return null;
      });
    });
    scanAll(TokenKeys.ACCESSOR_PREFIX, kv -> {
      StoredAccessor a = TokenCodec.decodeAccessor(kv.value());
      storage.transact(tx -> {
        if (a.getTokenHash().isEmpty() || !tokens.exists(tx, a.getTokenHash())) {
          tx.delete(kv.key());
          c.accessors++;
        }
        return null;
      });
    });
    scanAll(Cubbyhole.prefix(), kv -> {
      String owner = Cubbyhole.ownerOf(kv.key());
      storage.transact(tx -> {
        if (owner == null || !tokens.exists(tx, owner)) {
          tx.discard(kv.key());
          c.cubbyholeEntries++;
        }
        return null;
      });
    });
    scanAll(TokenKeys.EXPIRE_PREFIX, kv -> {
      String hash = TokenKeys.expireHash(kv.key());
      storage.transact(tx -> {
        if (!tokens.exists(tx, hash)) {
          tx.delete(kv.key());
          c.expiries++;
        }
        return null;
      });
    });
    return c;
  }

  private void scanAll(byte[] prefix, java.util.function.Consumer<KeyValue> action) {
    Scans.forEach(storage, prefix, PAGE, action);
  }
}
