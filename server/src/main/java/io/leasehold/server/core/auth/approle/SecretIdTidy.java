package io.leasehold.server.core.auth.approle;

import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.token.KeyedHasher;
import io.leasehold.server.internal.v1.StoredAuthMount;
import io.leasehold.server.internal.v1.StoredSecretId;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.Clock;
import io.leasehold.server.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired secret IDs (and their accessor index entries) of every AppRole mount, once a
 * minute as Vault's AppRole backend does: an expired secret ID can never log in again, and without
 * this the store would keep every one ever generated. A secret ID is deleted only if it is still
 * expired when its own transaction locks it, so a concurrent login or destroy is never confused.
 */
public final class SecretIdTidy implements AutoCloseable {
  /** How often a run starts. */
  public static final long INTERVAL_MILLIS = 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(SecretIdTidy.class);
  private static final int PAGE = 256;

  private final Storage storage;
  private final AuthMounts mounts;
  private final KeyedHasher hasher;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Object lock = new Object();
  private Scheduler.Cancellable pending;
  private boolean closed = true;

  public SecretIdTidy(Storage storage, AuthMounts mounts, KeyedHasher hasher, Clock clock,
      Scheduler scheduler) {
    this.storage = storage;
    this.mounts = mounts;
    this.hasher = hasher;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** Schedules the first run (at unseal). */
  public void start() {
    synchronized (lock) {
      closed = false;
      scheduleLocked();
    }
  }

  /** Stops running (at seal or shutdown); {@link #start} starts again. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
    }
  }

  private void scheduleLocked() {
    if (!closed) {
      pending = scheduler.schedule(this::runAndReschedule, INTERVAL_MILLIS);
    }
  }

  private void runAndReschedule() {
    try {
      int removed = runNow();
      if (removed > 0) {
        LOG.info("secret ID tidy: removed {} expired secret IDs", removed);
      }
    } catch (RuntimeException e) {
      // Sealed meanwhile, or a storage failure: the next run tries again.
      LOG.warn("secret ID tidy failed: {}", e.toString());
    } finally {
      synchronized (lock) {
        scheduleLocked();
      }
    }
  }

  /** Deletes every secret ID expired by now; returns how many. */
  public int runNow() {
    List<String> approleMounts = new ArrayList<>();
    for (StoredAuthMount m : mounts.stored()) {
      if (m.getType().equals(AppRoleMount.TYPE)) {
        approleMounts.add(m.getUuid());
      }
    }
    int removed = 0;
    for (String uuid : approleMounts) {
      removed += tidyMount(uuid);
    }
    return removed;
  }

  private int tidyMount(String mountUuid) {
    byte[] prefix = Keys.of("approle/" + mountUuid + "/secret/");
    long now = clock.millis();
    int[] removed = {0};
    Scans.forEach(storage, prefix, PAGE, kv -> {
      if (!SecretIds.live(SecretIds.decode(kv.value()), now)
          && removeIfExpired(mountUuid, kv.key(), prefix, now)) {
        removed[0]++;
      }
    });
    return removed[0];
  }

  private boolean removeIfExpired(String mountUuid, byte[] key, byte[] prefix, long now) {
    // <space>/<secret hash>
    String rest = Keys.suffix(key, prefix);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String space = rest.substring(0, slash);
    return storage.transact(tx -> {
      var current = tx.getForUpdate(key).map(SecretIds::decode);
      if (current.isEmpty() || SecretIds.live(current.get(), now)) {
        return false;
      }
      StoredSecretId s = current.get();
      tx.delete(key);
      tx.discard(AppRoleKeys.accessor(mountUuid, space, hasher.hash(s.getAccessor())));
      return true;
    });
  }
}
