package io.leasehold.server.core.auth.approle;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMount;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.token.Cidrs;
import io.leasehold.server.core.token.CreatedToken;
import io.leasehold.server.core.token.KeyedHasher;
import io.leasehold.server.core.token.LoginGrant;
import io.leasehold.server.core.token.LoginRenewal;
import io.leasehold.server.core.token.LoginTokens;
import io.leasehold.server.core.token.TokenEntry;
import io.leasehold.server.internal.v1.StoredAppRole;
import io.leasehold.server.internal.v1.StoredSecretId;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code auth/<mount>/login}: trades a role ID and a secret ID for a token shaped by the role, and
 * the renew side of those tokens. The secret ID's use is spent and the token stored in one
 * transaction, so a crash either does both or neither, and two logins racing for a secret ID's
 * last use cannot both win.
 */
public final class AppRoleLogin implements LoginRenewal {
  static final String INVALID_CREDENTIALS = "invalid role or secret ID";

  private final Storage storage;
  private final AuthMounts mounts;
  private final AppRoles roles;
  private final SecretIds secrets;
  private final LoginTokens tokens;
  private final KeyedHasher hasher;
  private final Clock clock;

  public AppRoleLogin(Storage storage, AuthMounts mounts, AppRoles roles, SecretIds secrets,
      LoginTokens tokens, KeyedHasher hasher, Clock clock) {
    this.storage = storage;
    this.mounts = mounts;
    this.roles = roles;
    this.secrets = secrets;
    this.tokens = tokens;
    this.hasher = hasher;
    this.clock = clock;
  }

  /**
   * Logs in.
   *
   * @param clientAddress the client's IP literal from the transport, or null when it has none
   * @throws LeaseholdException INVALID_ARGUMENT {@code missing role_id}, {@code missing
   *     secret_id}, {@code invalid role or secret ID} (for an unknown role ID and for a wrong,
   *     used-up or expired secret ID alike); FAILED_PRECONDITION for a client outside the bound
   *     CIDR blocks; NOT_FOUND for no such mount
   */
  public CreatedToken login(String mount, String roleId, String secretId, String clientAddress) {
    if (roleId == null || roleId.isEmpty()) {
      throw AppRoleRules.invalid("missing role_id");
    }
    AuthMount m = AppRoleMount.resolve(mounts, mount, "login");
    String name = roles.nameByRoleId(m, roleId).orElseThrow(AppRoleLogin::invalidCredentials);
    StoredAppRole role = roles.read(m, name).orElseThrow(AppRoleLogin::invalidCredentials);
    if (!Cidrs.allows(role.getSecretIdBoundCidrsList(), clientAddress)) {
      throw unauthorizedSource(clientAddress, "the role");
    }
    boolean bound = role.getBindSecretId();
    if (bound && (secretId == null || secretId.isEmpty())) {
      throw AppRoleRules.invalid("missing secret_id");
    }
    String secretHash = bound ? hasher.hash(secretId) : null;
    long now = clock.millis();
    Map<String, String> meta = new HashMap<>();
    List<String> tokenCidrs = role.getTokenBoundCidrsList();
    StoredSecretId secret = null;
    if (bound) {
      secret = secrets.read(m, role, secretHash).orElseThrow(AppRoleLogin::invalidCredentials);
      if (!SecretIds.live(secret, now)) {
        // Gone for good: delete it on the way out.
        storage.transact(tx -> {
          secrets.remove(tx, m, role, secretHash);
          return null;
        });
        throw invalidCredentials();
      }
      if (!Cidrs.allows(secret.getCidrListList(), clientAddress)) {
        throw unauthorizedSource(clientAddress, "the secret ID");
      }
      meta.putAll(secret.getMetadataMap());
      if (secret.getTokenBoundCidrsCount() > 0) {
        tokenCidrs = secret.getTokenBoundCidrsList();
      }
    }
    meta.put("role_name", role.getName());
    // The token is made outside the transaction (IDs, hashes, a batch token's sealing), so the
    // transaction holds only the checks and writes that must be atomic.
    CreatedToken token = tokens.issue(grant(m, role, meta, tokenCidrs), m.tune());
    boolean spends = bound && secret.getNumUses() > 0;
    if (!spends && token.entry().batch()) {
      // Nothing to write: an unlimited secret ID and a batch token (which carries its mount and
      // dies with it).
      return token;
    }
    boolean issued = storage.transact(tx -> {
      AppRoleMount.recheck(mounts, tx, m, "login");
      // The role as it was read: a concurrent update or delete wins over this login.
      boolean sameRole = roles.loadForShare(tx, m, name)
          .filter(r -> r.getRoleId().equals(role.getRoleId())
              && r.getSecretSpace().equals(role.getSecretSpace())).isPresent();
      if (!sameRole) {
        return false;
      }
      if (bound) {
        Optional<StoredSecretId> current = secrets.loadForUpdate(tx, m, role, secretHash);
        if (current.isEmpty()) {
          return false; // used up or destroyed meanwhile
        }
        secrets.spend(tx, m, role, secretHash, current.get(), now);
      }
      tokens.insert(tx, token);
      return true;
    });
    if (!issued) {
      throw invalidCredentials();
    }
    return token;
  }

  private static LoginGrant grant(AuthMount m, StoredAppRole r, Map<String, String> meta,
      List<String> tokenCidrs) {
    return new LoginGrant(m.path(), m.uuid(), "auth/" + m.path() + "login", r.getTokenPoliciesList(),
        r.getTokenNoDefaultPolicy(), meta, r.getTokenTtlSeconds(), r.getTokenMaxTtlSeconds(),
        r.getTokenPeriodSeconds(), r.getTokenExplicitMaxTtlSeconds(), r.getTokenNumUses(),
        tokenCidrs, LoginGrant.resolveType(r.getTokenType(), m.tune().tokenType()));
  }

  /**
   * Renewal re-reads the role named in the token's metadata: its current token_ttl,
   * token_max_ttl and token_period apply.
   */
  @Override
  public Terms terms(AuthMount mount, TokenEntry token) {
    String name = token.meta().getOrDefault("role_name", "");
    StoredAppRole role = name.isEmpty() ? null : roles.read(mount, name).orElse(null);
    if (role == null) {
      throw LeaseholdException.precondition("ROLE_NOT_FOUND",
          "role \"" + name + "\" does not exist during renewal");
    }
    return new Terms(role.getTokenTtlSeconds(), role.getTokenMaxTtlSeconds(),
        role.getTokenPeriodSeconds());
  }

  private static LeaseholdException invalidCredentials() {
    return LeaseholdException.invalid("INVALID_CREDENTIALS", INVALID_CREDENTIALS);
  }

  private static LeaseholdException unauthorizedSource(String address, String where) {
    return LeaseholdException.precondition("SOURCE_ADDRESS_UNAUTHORIZED", "source address \""
        + (address == null ? "" : address) + "\" unauthorized through CIDR restrictions on "
        + where);
  }
}
