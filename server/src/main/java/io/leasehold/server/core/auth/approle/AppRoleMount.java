package io.leasehold.server.core.auth.approle;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMount;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.internal.v1.StoredAuthMount;
import io.leasehold.server.storage.Transaction;

/** Finds the AppRole mount a request names, and re-checks it inside a transaction. */
final class AppRoleMount {
  /** The auth method type. */
  static final String TYPE = "approle";

  private AppRoleMount() {}

  /** The canonical mount path of a request's {@code mount} field (empty: {@code approle/}). */
  static String path(String mount) {
    return AuthMounts.normalizePath(mount == null || mount.isEmpty() ? TYPE : mount);
  }

  /**
   * The enabled AppRole mount at {@code mount}.
   *
   * @param rest what follows the mount in the request's path, for the error text
   * @throws LeaseholdException NOT_FOUND {@code no handler for route ...} when there is none
   */
  static AuthMount resolve(AuthMounts mounts, String mount, String rest) {
    String p = path(mount);
    return mounts.find(p).filter(m -> m.type().equals(TYPE))
        .orElseThrow(() -> noHandler(p, rest));
  }

  /**
   * Inside {@code tx}: the mount is still the one resolved (not disabled, or replaced by a new one
   * at the same path), so nothing is written into storage a disable is purging.
   */
  static void recheck(AuthMounts mounts, Transaction tx, AuthMount m, String rest) {
    boolean same = mounts.loadForShare(tx, m.path()).map(StoredAuthMount::getUuid)
        .filter(u -> u.equals(m.uuid())).isPresent();
    if (!same) {
      throw noHandler(m.path(), rest);
    }
  }

  private static LeaseholdException noHandler(String path, String rest) {
    return new LeaseholdException(LeaseholdException.Kind.NOT_FOUND, "NO_HANDLER",
        "no handler for route \"auth/" + path + rest + "\". route entry not found.");
  }
}
