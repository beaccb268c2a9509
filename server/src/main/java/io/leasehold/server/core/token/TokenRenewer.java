package io.leasehold.server.core.token;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMount;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.mount.MountTune;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.time.Clock;
import java.util.Optional;

/**
 * renew, renew-self and renew-accessor: extends a token's lease by the requested increment (or its
 * last TTL, or its period), capped by the mount's max TTL and the explicit max TTL counted from the
 * lease's issue time.
 */
public final class TokenRenewer {
  private final TokenResolver resolver;
  private final TokenRepository tokens;
  private final TokenLookup lookup;
  private final RoleStore roles;
  private final AuthMounts mounts;
  private final LoginRenewal logins;
  private final Clock clock;

  /**
   * @param logins the current terms of tokens issued by auth-method logins (AppRole)
   */
  public TokenRenewer(TokenResolver resolver, TokenRepository tokens, TokenLookup lookup,
      RoleStore roles, AuthMounts mounts, LoginRenewal logins, Clock clock) {
    this.resolver = resolver;
    this.tokens = tokens;
    this.lookup = lookup;
    this.roles = roles;
    this.mounts = mounts;
    this.logins = logins;
    this.clock = clock;
  }

  /** Renews the given token. */
  public RenewedToken renew(String token, long increment) {
    if (token == null || token.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_TOKEN", "missing token ID");
    }
    TokenEntry e = resolver.resolve(token).orElseThrow(TokenRenewer::notFound);
    return renewEntry(token, e, increment);
  }

  private static LeaseholdException batchNotRenewable() {
    return LeaseholdException.precondition("BATCH_NOT_RENEWABLE", "batch tokens cannot be renewed");
  }

  /** Renews the caller's token. */
  public RenewedToken renewSelf(Caller caller, long increment) {
    if (caller.lastUse()) {
      throw notFound();
    }
    return renewEntry(caller.token(), caller.entry(), increment);
  }

  /** Renews the token behind an accessor; the token ID is not returned. */
  public RenewedToken renewAccessor(String accessor, long increment) {
    TokenEntry e = lookup.byAccessor(accessor);
    if (e.numUses() == -1) {
      throw notFound();
    }
    return renewEntry("", e, increment);
  }

  private RenewedToken renewEntry(String presented, TokenEntry e, long increment) {
    if (e.batch()) {
      throw batchNotRenewable();
    }
    if (increment < 0) {
      throw LeaseholdException.invalid("NEGATIVE_DURATION", "increment must be positive");
    }
    if (!e.hasLease()) {
      throw LeaseholdException.precondition("INVALID_LEASE", "invalid lease ID");
    }
    if (e.expireTimeMillis() == 0 || !e.renewable()) {
      throw LeaseholdException.precondition("NOT_RENEWABLE", "lease is not renewable");
    }
    long period = e.period();
    long explicitMax = e.explicitMaxTtl();
    long backendTtl = e.leaseTtl();
    long backendMax = 0;
    MountTune tune;
    if (e.path().startsWith("auth/" + AuthMounts.TOKEN_MOUNT)) {
      tune = mounts.tokenMountTune();
      if (!e.role().isEmpty()) {
        TokenRole role = roles.read(e.role()).orElseThrow(() -> LeaseholdException.precondition(
            "ROLE_NOT_FOUND", "failed to renew entry: original token role \"" + e.role()
                + "\" could not be found, not renewing"));
        period = role.tokenPeriod();
        explicitMax = role.tokenExplicitMaxTtl();
      }
    } else {
      // A login token: its mount's tune and its auth method's current terms (Vault's renew
      // handler of the method) decide, as at login.
      AuthMount mount = mounts.forTokenPath(e.path()).orElseThrow(TokenRenewer::notFound);
      LoginRenewal.Terms terms = logins.terms(mount, e);
      tune = mount.tune();
      backendTtl = terms.ttl();
      backendMax = terms.maxTtl();
      period = terms.period();
    }
    long now = clock.millis();
    TtlCalculator.Result result = TtlCalculator.calculate(new TtlCalculator.Input(
        tune.defaultLeaseTtl(), tune.maxLeaseTtl(), increment, backendTtl, period, backendMax,
        explicitMax, e.issueTimeMillis() / 1000, now / 1000));
    long ttl = result.ttlSeconds();
    TokenEntry renewed = tokens.storage().transact(tx -> {
      Optional<TokenEntry> current = tokens.loadForUpdate(tx, e.hash());
      if (current.isEmpty() || current.get().numUses() == -1 || current.get().expiredAt(now)) {
        throw notFound();
      }
      TokenEntry after = current.get().renewed(now, ttl);
      tokens.update(tx, current.get(), after);
      return after;
    });
    return new RenewedToken(presented, renewed, ttl, result.warnings());
  }

  private static LeaseholdException notFound() {
    return LeaseholdException.precondition("TOKEN_NOT_FOUND", "token not found");
  }
}
