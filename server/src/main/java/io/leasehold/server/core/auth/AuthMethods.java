package io.leasehold.server.core.auth;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.token.TokenInventory;
import io.leasehold.server.internal.v1.StoredAuthDisable;
import io.leasehold.server.internal.v1.StoredAuthMount;
import io.leasehold.server.internal.v1.StoredMountTune;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enabling and disabling auth methods ({@code sys/auth/PATH}). An enable is one transaction. A
 * disable first removes the mount and records the work left ({@code auth-disable/<path>}) in one
 * transaction, so the mount stops answering at once; then it revokes every token the mount issued
 * (by creation path, with the token store's resumable revocation) and deletes the method's data;
 * then it drops the record. {@link #resumePending} finishes a disable a crash interrupted.
 */
public final class AuthMethods {
  private static final Logger LOG = LoggerFactory.getLogger(AuthMethods.class);
  private static final byte[] DISABLE_PREFIX = Keys.of("auth-disable/");
  /** The auth methods that can be enabled. */
  private static final List<String> TYPES = List.of("approle");

  private final Storage storage;
  private final AuthMounts mounts;
  private final TokenInventory inventory;
  private final Consumer<StoredAuthMount> purgeData;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param purgeData deletes a disabled mount's own data (its roles, secret IDs, ...)
   */
  public AuthMethods(Storage storage, AuthMounts mounts, TokenInventory inventory,
      Consumer<StoredAuthMount> purgeData) {
    this.storage = storage;
    this.mounts = mounts;
    this.inventory = inventory;
    this.purgeData = purgeData;
  }

  /**
   * Enables an auth method.
   *
   * @return the new mount's accessor
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's texts
   */
  public String enable(EnableRequest r) {
    String type = r.type() == null ? "" : r.type().strip();
    if (type.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_TYPE", "missing type");
    }
    if (type.equals("token")) {
      throw LeaseholdException.invalid("TOKEN_MOUNT_UNIQUE",
          "token credential backend cannot be instantiated");
    }
    if (!TYPES.contains(type)) {
      throw LeaseholdException.invalid("UNKNOWN_AUTH_TYPE",
          "plugin not found in the catalog: " + type);
    }
    String path = AuthMounts.normalizePath(
        r.path() == null || r.path().isBlank() ? type : r.path());
    StoredMountTune tune = AuthMounts.initialTune(r.defaultLeaseTtl(), r.maxLeaseTtl(),
        r.description(), r.tokenType());
    String accessor = "auth_" + type + "_" + HexFormat.of().formatHex(randomBytes(4));
    StoredAuthMount mount = StoredAuthMount.newBuilder()
        .setPath(path)
        .setType(type)
        .setAccessor(accessor)
        .setUuid(UUID.randomUUID().toString())
        .setTune(tune)
        .build();
    storage.transact(tx -> {
      mounts.lockTable(tx);
      if (tx.get(disableKey(path)).isPresent()) {
        throw inUse(path);
      }
      for (String existing : mounts.paths(tx)) {
        if (path.startsWith(existing) || existing.startsWith(path)) {
          throw inUse(existing);
        }
      }
      mounts.insert(tx, mount);
      return null;
    });
    return accessor;
  }

  /**
   * Disables the auth method at {@code path}, revoking every token it issued and deleting its
   * data before returning. Nothing mounted there: nothing to do.
   *
   * @return how many tokens it had issued (each revoked with its subtree)
   * @throws LeaseholdException INVALID_ARGUMENT for the token mount or a malformed path
   */
  public long disable(String path) {
    String p = AuthMounts.normalizePath(path);
    if (p.equals(AuthMounts.TOKEN_MOUNT)) {
      throw LeaseholdException.invalid("TOKEN_MOUNT_REQUIRED",
          "token credential backend cannot be disabled");
    }
    Optional<StoredAuthDisable> begun = storage.transact(tx -> {
      mounts.lockTable(tx);
      Optional<StoredAuthMount> m = mounts.loadForUpdate(tx, p);
      m.ifPresent(mount -> {
        mounts.remove(tx, p);
        tx.put(disableKey(p), StoredAuthDisable.newBuilder().setMount(mount).build()
            .toByteArray());
      });
      return m.map(mount -> StoredAuthDisable.newBuilder().setMount(mount).build());
    });
    return begun.map(this::finish).orElse(0L);
  }

  /** Finishes every disable a crash interrupted; returns how many. */
  public int resumePending() {
    List<KeyValue> pending = storage.scan(DISABLE_PREFIX, Keys.prefixEnd(DISABLE_PREFIX),
        Integer.MAX_VALUE);
    for (KeyValue kv : pending) {
      StoredAuthDisable d = decodeDisable(kv.value());
      long revoked = finish(d);
      LOG.info("finished disabling auth mount {} ({} tokens revoked)", d.getMount().getPath(),
          revoked);
    }
    return pending.size();
  }

  private long finish(StoredAuthDisable d) {
    StoredAuthMount m = d.getMount();
    long revoked = inventory.revokePrefix("auth/" + m.getPath());
    purgeData.accept(m);
    storage.transact(tx -> tx.delete(disableKey(m.getPath())));
    return revoked;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static LeaseholdException inUse(String existing) {
    return LeaseholdException.invalid("PATH_IN_USE", "path is already in use at " + existing);
  }

  private static byte[] disableKey(String path) {
    return Keys.concat(DISABLE_PREFIX, Keys.of(path));
  }

  private static StoredAuthDisable decodeDisable(byte[] b) {
    try {
      return StoredAuthDisable.parseFrom(b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt auth disable record", e);
    }
  }
}
