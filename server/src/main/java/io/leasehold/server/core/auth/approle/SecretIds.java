package io.leasehold.server.core.auth.approle;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMount;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.token.KeyedHasher;
import io.leasehold.server.core.token.RoleStore;
import io.leasehold.server.internal.v1.StoredAppRole;
import io.leasehold.server.internal.v1.StoredSecretId;
import io.leasehold.server.internal.v1.StoredSecretIdAccessor;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import io.leasehold.server.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Secret IDs of AppRole roles: generation, listing, lookup and destruction by value or accessor.
 * A secret ID is stored only under its keyed hash; its accessor index likewise. A secret ID past
 * its expiration time is treated as gone.
 */
public final class SecretIds {
  private final Storage storage;
  private final AuthMounts mounts;
  private final AppRoles roles;
  private final KeyedHasher hasher;
  private final Clock clock;

  public SecretIds(Storage storage, AuthMounts mounts, AppRoles roles, KeyedHasher hasher,
      Clock clock) {
    this.storage = storage;
    this.mounts = mounts;
    this.roles = roles;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** A new secret ID, shown once. */
  public record Generated(String secretId, String accessor, long ttl, long numUses,
      List<String> warnings) {
    @Override
    public String toString() {
      return "Generated[accessor=" + accessor + "]";
    }
  }

  /**
   * Generates a secret ID for the role: entry and accessor index in one transaction.
   *
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's texts; NOT_FOUND for no such role
   */
  public Generated generate(SecretIdRequest r) {
    String rest = "role/" + r.roleName() + "/secret-id";
    AuthMount m = AppRoleMount.resolve(mounts, r.mount(), rest);
    String name = RoleStore.normalizeName(r.roleName());
    List<String> cidrs = r.cidrList() == null ? List.of() : AppRoleRules.cidrs(r.cidrList());
    List<String> tokenCidrs = r.tokenBoundCidrs() == null ? List.of()
        : AppRoleRules.cidrs(r.tokenBoundCidrs());
    String secretId = UUID.randomUUID().toString();
    String accessor = UUID.randomUUID().toString();
    return storage.transact(tx -> {
      AppRoleMount.recheck(mounts, tx, m, rest);
      StoredAppRole role = roles.loadForShare(tx, m, name).orElseThrow(() -> AppRoles.noRole(name));
      if (!role.getBindSecretId()) {
        throw AppRoleRules.invalid("bind_secret_id is not set on the role");
      }
      long numUses = role.getSecretIdNumUses();
      if (r.numUses() != null) {
        if (r.numUses() < 0) {
          throw AppRoleRules.invalid("num_uses cannot be negative");
        }
        long limit = role.getSecretIdNumUses();
        if (limit > 0 && (r.numUses() == 0 || r.numUses() > limit)) {
          throw AppRoleRules.invalid(
              "num_uses cannot be higher than the role's secret_id_num_uses");
        }
        numUses = r.numUses();
      }
      long ttl = role.getSecretIdTtlSeconds();
      if (r.ttl() != null) {
        if (r.ttl() < 0) {
          throw AppRoleRules.invalid("ttl cannot be negative");
        }
        long limit = role.getSecretIdTtlSeconds();
        if (limit > 0 && (r.ttl() == 0 || r.ttl() > limit)) {
          throw AppRoleRules.invalid("ttl cannot be longer than the role's secret_id_ttl");
        }
        ttl = r.ttl();
      }
      for (String c : cidrs) {
        if (!CidrSubsets.within(c, role.getSecretIdBoundCidrsList())) {
          throw AppRoleRules.invalid("failed to verify the CIDR restrictions set on the secret"
              + " ID: " + c + " is not within the role's secret_id_bound_cidrs");
        }
      }
      long now = clock.millis();
      StoredSecretId entry = StoredSecretId.newBuilder()
          .setAccessor(accessor)
          .setNumUses(numUses)
          .setTtlSeconds(ttl)
          .setCreationTimeMillis(now)
          .setExpirationTimeMillis(ttl == 0 ? 0 : now + ttl * 1000)
          .setLastUpdatedTimeMillis(now)
          .putAllMetadata(r.metadata() == null ? java.util.Map.of() : r.metadata())
          .addAllCidrList(cidrs)
          .addAllTokenBoundCidrs(tokenCidrs)
          .build();
      String secretHash = hasher.hash(secretId);
      tx.put(AppRoleKeys.secret(m.uuid(), role.getSecretSpace(), secretHash), entry.toByteArray());
      tx.put(AppRoleKeys.accessor(m.uuid(), role.getSecretSpace(), hasher.hash(accessor)),
          StoredSecretIdAccessor.newBuilder().setSecretHash(secretHash).build().toByteArray());
      return new Generated(secretId, accessor, ttl, numUses, List.of());
    });
  }

  /** Accessors of the role's live secret IDs, sorted. */
  public List<String> accessors(String mount, String roleName) {
    Target t = target(mount, roleName, "/secret-id");
    long now = clock.millis();
    List<String> out = new ArrayList<>();
    Scans.forEach(storage, AppRoleKeys.secrets(t.mount.uuid(), t.role.getSecretSpace()), 512,
        kv -> {
          StoredSecretId s = decode(kv.value());
          if (live(s, now)) {
            out.add(s.getAccessor());
          }
        });
    out.sort(null);
    return out;
  }

  /**
   * A secret ID's details (never the secret ID).
   *
   * @throws LeaseholdException INVALID_ARGUMENT {@code missing secret_id}; NOT_FOUND for no such
   *     role or secret ID
   */
  public StoredSecretId lookup(String mount, String roleName, String secretId) {
    Target t = target(mount, roleName, "/secret-id/lookup");
    requireSecret(secretId);
    return storage.get(AppRoleKeys.secret(t.mount.uuid(), t.role.getSecretSpace(),
            hasher.hash(secretId))).map(SecretIds::decode)
        .filter(s -> live(s, clock.millis()))
        .orElseThrow(() -> new LeaseholdException(LeaseholdException.Kind.NOT_FOUND,
            "SECRET_ID_NOT_FOUND", "secret ID not found"));
  }

  /** Destroys a secret ID; an unknown one is not an error. */
  public void destroy(String mount, String roleName, String secretId) {
    Target t = target(mount, roleName, "/secret-id/destroy");
    requireSecret(secretId);
    storage.transact(tx -> {
      remove(tx, t.mount, t.role, hasher.hash(secretId));
      return null;
    });
  }

  /**
   * A secret ID's details by its accessor.
   *
   * @throws LeaseholdException NOT_FOUND {@code failed to find accessor entry for
   *     secret_id_accessor: "X"}
   */
  public StoredSecretId lookupAccessor(String mount, String roleName, String accessor) {
    Target t = target(mount, roleName, "/secret-id-accessor/lookup");
    return storage.transact(tx -> {
      String secretHash = secretHashOf(tx, t, accessor);
      return tx.get(AppRoleKeys.secret(t.mount.uuid(), t.role.getSecretSpace(), secretHash))
          .map(SecretIds::decode).filter(s -> live(s, clock.millis()))
          .orElseThrow(() -> noAccessor(accessor));
    });
  }

  /** Destroys the secret ID behind an accessor. Errors as {@link #lookupAccessor}. */
  public void destroyAccessor(String mount, String roleName, String accessor) {
    Target t = target(mount, roleName, "/secret-id-accessor/destroy");
    storage.transact(tx -> {
      remove(tx, t.mount, t.role, secretHashOf(tx, t, accessor));
      return null;
    });
  }

  /** The committed secret entry, if any (expired ones included). */
  Optional<StoredSecretId> read(AuthMount m, StoredAppRole role, String secretHash) {
    return storage.get(AppRoleKeys.secret(m.uuid(), role.getSecretSpace(), secretHash))
        .map(SecretIds::decode);
  }

  /** The secret entry inside a login's transaction, locked for update. */
  Optional<StoredSecretId> loadForUpdate(Transaction tx, AuthMount m, StoredAppRole role,
      String secretHash) {
    return tx.getForUpdate(AppRoleKeys.secret(m.uuid(), role.getSecretSpace(), secretHash))
        .map(SecretIds::decode);
  }

  /** Spends one use inside a login's transaction: the last use deletes the secret ID. */
  void spend(Transaction tx, AuthMount m, StoredAppRole role, String secretHash,
      StoredSecretId s, long now) {
    if (s.getNumUses() == 1) {
      remove(tx, m, role, secretHash);
    } else if (s.getNumUses() > 1) {
      tx.put(AppRoleKeys.secret(m.uuid(), role.getSecretSpace(), secretHash), s.toBuilder()
          .setNumUses(s.getNumUses() - 1).setLastUpdatedTimeMillis(now).build().toByteArray());
    }
  }

  /** Deletes a secret ID and its accessor index; nothing if it is not there. */
  void remove(Transaction tx, AuthMount m, StoredAppRole role, String secretHash) {
    byte[] key = AppRoleKeys.secret(m.uuid(), role.getSecretSpace(), secretHash);
    Optional<StoredSecretId> s = tx.get(key).map(SecretIds::decode);
    if (s.isPresent()) {
      tx.delete(key);
      tx.delete(AppRoleKeys.accessor(m.uuid(), role.getSecretSpace(),
          hasher.hash(s.get().getAccessor())));
    }
  }

  /** Whether a secret ID is still good at {@code now}: it expires at its exact deadline. */
  static boolean live(StoredSecretId s, long now) {
    return s.getExpirationTimeMillis() == 0 || now < s.getExpirationTimeMillis();
  }

  private String secretHashOf(Transaction tx, Target t, String accessor) {
    if (accessor == null || accessor.isEmpty()) {
      throw AppRoleRules.invalid("missing secret_id_accessor");
    }
    return tx.get(AppRoleKeys.accessor(t.mount.uuid(), t.role.getSecretSpace(),
            hasher.hash(accessor)))
        .map(b -> {
          try {
            return StoredSecretIdAccessor.parseFrom(b).getSecretHash();
          } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt secret ID accessor entry", e);
          }
        })
        .orElseThrow(() -> noAccessor(accessor));
  }

  private record Target(AuthMount mount, StoredAppRole role) {}

  private Target target(String mount, String roleName, String suffix) {
    AuthMount m = AppRoleMount.resolve(mounts, mount, "role/" + roleName + suffix);
    String name = RoleStore.normalizeName(roleName);
    return new Target(m, roles.read(m, name).orElseThrow(() -> AppRoles.noRole(name)));
  }

  private static void requireSecret(String secretId) {
    if (secretId == null || secretId.isEmpty()) {
      throw AppRoleRules.invalid("missing secret_id");
    }
  }

  private static LeaseholdException noAccessor(String accessor) {
    return new LeaseholdException(LeaseholdException.Kind.NOT_FOUND, "SECRET_ID_NOT_FOUND",
        "failed to find accessor entry for secret_id_accessor: \"" + accessor + "\"");
  }

  static StoredSecretId decode(byte[] bytes) {
    try {
      return StoredSecretId.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt secret ID entry", e);
    }
  }
}
