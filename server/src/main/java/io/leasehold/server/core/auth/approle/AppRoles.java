package io.leasehold.server.core.auth.approle;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMount;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.token.KeyedHasher;
import io.leasehold.server.core.token.RoleStore;
import io.leasehold.server.internal.v1.StoredAppRole;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * AppRole roles ({@code auth/<mount>/role/<name>}) and their role IDs: storage, the read view and
 * the role-ID index logins go through. A role and its role-ID index change in one transaction.
 */
public final class AppRoles {
  private static final int PAGE = 512;

  private final Storage storage;
  private final AuthMounts mounts;
  private final KeyedHasher hasher;

  public AppRoles(Storage storage, AuthMounts mounts, KeyedHasher hasher) {
    this.storage = storage;
    this.mounts = mounts;
    this.hasher = hasher;
  }

  /** A role write's outcome. */
  public record Written(boolean created, List<String> warnings) {}

  /**
   * Creates or updates a role.
   *
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's texts, NOT_FOUND for no such mount
   */
  public Written write(AppRoleWrite w) {
    AuthMount m = AppRoleMount.resolve(mounts, w.mount(), "role/" + w.name());
    String name = RoleStore.normalizeName(w.name());
    String newRoleId = UUID.randomUUID().toString();
    String newSpace = UUID.randomUUID().toString();
    List<String> warnings = new ArrayList<>();
    return storage.transact(tx -> {
      warnings.clear();
      AppRoleMount.recheck(mounts, tx, m, "role/" + name);
      Optional<StoredAppRole> current = loadForUpdate(tx, m, name);
      StoredAppRole base = current.orElseGet(() -> StoredAppRole.newBuilder()
          .setName(name).setRoleId(newRoleId).setSecretSpace(newSpace).setBindSecretId(true)
          .build());
      StoredAppRole next = AppRoleRules.apply(base, w, current.isEmpty(), m.tune().maxLeaseTtl(),
          warnings);
      moveRoleId(tx, m, current.map(StoredAppRole::getRoleId).orElse(null), next);
      tx.put(AppRoleKeys.role(m.uuid(), name), next.toByteArray());
      return new Written(current.isEmpty(), List.copyOf(warnings));
    });
  }

  /** The role, if it exists. */
  public Optional<StoredAppRole> read(String mount, String name) {
    AuthMount m = AppRoleMount.resolve(mounts, mount, "role/" + name);
    return read(m, RoleStore.normalizeName(name));
  }

  /** The role on a resolved mount, if it exists. */
  Optional<StoredAppRole> read(AuthMount m, String normalizedName) {
    return storage.get(AppRoleKeys.role(m.uuid(), normalizedName)).map(AppRoles::decode);
  }

  /** The role inside a transaction that changes or deletes it: locked until it ends. */
  Optional<StoredAppRole> loadForUpdate(Transaction tx, AuthMount m, String normalizedName) {
    return tx.getForUpdate(AppRoleKeys.role(m.uuid(), normalizedName)).map(AppRoles::decode);
  }

  /**
   * The role inside a transaction that relies on it unchanged (a login, a new secret ID): an
   * update or delete of the role waits for it, or it waits for them and sees their result.
   */
  Optional<StoredAppRole> loadForShare(Transaction tx, AuthMount m, String normalizedName) {
    return tx.getForShare(AppRoleKeys.role(m.uuid(), normalizedName)).map(AppRoles::decode);
  }

  /**
   * Whether the role exists (decides between the create and update capabilities); false when the
   * mount does not exist either, which the write itself then reports.
   */
  public boolean exists(String mount, String name) {
    String n = RoleStore.normalizeName(name);
    return mounts.find(AppRoleMount.path(mount)).filter(m -> m.type().equals(AppRoleMount.TYPE))
        .flatMap(m -> read(m, n)).isPresent();
  }

  /**
   * The ACL path of the mount a request names, e.g. {@code auth/approle/}; requests' paths go on
   * from there ({@code role/NAME}, {@code login}).
   *
   * @throws LeaseholdException INVALID_ARGUMENT for a malformed mount path
   */
  public static String aclPrefix(String mount) {
    return "auth/" + AppRoleMount.path(mount);
  }

  /** Role names, sorted. */
  public List<String> list(String mount) {
    AuthMount m = AppRoleMount.resolve(mounts, mount, "role");
    byte[] prefix = AppRoleKeys.roles(m.uuid());
    List<String> out = new ArrayList<>();
    Scans.forEach(storage, prefix, PAGE, kv -> out.add(Keys.suffix(kv.key(), prefix)));
    return out;
  }

  /**
   * Deletes the role, its role-ID index and then its secret IDs. The role and index go in one
   * transaction, after which its secret IDs can no longer be used (they live in the role's own
   * secret space, which no later role of the same name shares); the secret IDs are then deleted
   * page by page. Deleting a missing role succeeds.
   */
  public void delete(String mount, String name) {
    AuthMount m = AppRoleMount.resolve(mounts, mount, "role/" + name);
    String n = RoleStore.normalizeName(name);
    Optional<StoredAppRole> gone = storage.transact(tx -> {
      Optional<StoredAppRole> r = loadForUpdate(tx, m, n);
      r.ifPresent(role -> {
        tx.delete(AppRoleKeys.role(m.uuid(), n));
        tx.delete(AppRoleKeys.roleId(m.uuid(), hasher.hash(role.getRoleId())));
      });
      return r;
    });
    gone.ifPresent(r -> {
      purge(storage, AppRoleKeys.secrets(m.uuid(), r.getSecretSpace()));
      purge(storage, AppRoleKeys.accessors(m.uuid(), r.getSecretSpace()));
    });
  }

  /**
   * The role's role ID.
   *
   * @throws LeaseholdException NOT_FOUND when there is no such role
   */
  public String roleId(String mount, String name) {
    return read(mount, name).orElseThrow(() -> noRole(RoleStore.normalizeName(name)))
        .getRoleId();
  }

  /**
   * Sets a custom role ID.
   *
   * @throws LeaseholdException INVALID_ARGUMENT {@code missing role_id}, {@code role_id already in
   *     use}; NOT_FOUND when there is no such role
   */
  public void setRoleId(String mount, String name, String roleId) {
    AuthMount m = AppRoleMount.resolve(mounts, mount, "role/" + name + "/role-id");
    String n = RoleStore.normalizeName(name);
    if (roleId == null || roleId.strip().isEmpty()) {
      throw AppRoleRules.invalid("missing role_id");
    }
    storage.transact(tx -> {
      AppRoleMount.recheck(mounts, tx, m, "role/" + n + "/role-id");
      StoredAppRole r = loadForUpdate(tx, m, n).orElseThrow(() -> noRole(n));
      StoredAppRole next = r.toBuilder().setRoleId(roleId.strip()).build();
      moveRoleId(tx, m, r.getRoleId(), next);
      tx.put(AppRoleKeys.role(m.uuid(), n), next.toByteArray());
      return null;
    });
  }

  /** The name of the role with {@code roleId} on mount {@code m}, if any. */
  Optional<String> nameByRoleId(AuthMount m, String roleId) {
    return storage.get(AppRoleKeys.roleId(m.uuid(), hasher.hash(roleId)))
        .map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private void moveRoleId(Transaction tx, AuthMount m, String oldRoleId, StoredAppRole next) {
    if (next.getRoleId().equals(oldRoleId)) {
      return;
    }
    byte[] newKey = AppRoleKeys.roleId(m.uuid(), hasher.hash(next.getRoleId()));
    // Locked: of two roles taking the same role ID at once, the second sees the first's claim.
    Optional<byte[]> owner = tx.getForUpdate(newKey);
    if (owner.isPresent()
        && !new String(owner.get(), StandardCharsets.UTF_8).equals(next.getName())) {
      throw AppRoleRules.invalid("role_id already in use");
    }
    if (oldRoleId != null) {
      tx.delete(AppRoleKeys.roleId(m.uuid(), hasher.hash(oldRoleId)));
    }
    tx.put(newKey, Keys.of(next.getName()));
  }

  /** NOT_FOUND {@code role "NAME" does not exist}. */
  public static LeaseholdException noRole(String name) {
    return new LeaseholdException(LeaseholdException.Kind.NOT_FOUND, "ROLE_NOT_FOUND",
        "role \"" + name + "\" does not exist");
  }

  /** Deletes all data of the AppRole mount with {@code mountUuid} (after it was disabled). */
  public static void purgeMount(Storage storage, String mountUuid) {
    purge(storage, AppRoleKeys.mount(mountUuid));
  }

  /** Deletes every key under {@code prefix}, one bounded transaction per page. */
  static void purge(Storage storage, byte[] prefix) {
    byte[] end = Keys.prefixEnd(prefix);
    while (true) {
      boolean more = storage.transact(tx -> {
        List<KeyValue> page = tx.scan(prefix, end, PAGE);
        page.forEach(kv -> tx.delete(kv.key()));
        return page.size() == PAGE;
      });
      if (!more) {
        return;
      }
    }
  }

  static StoredAppRole decode(byte[] bytes) {
    try {
      return StoredAppRole.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt approle role entry", e);
    }
  }
}
