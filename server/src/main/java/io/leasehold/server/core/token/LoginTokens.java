package io.leasehold.server.core.token;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.batch.BatchTokenCodec;
import io.leasehold.server.core.mount.MountTune;
import io.leasehold.server.internal.v1.BatchTokenClaims;
import io.leasehold.server.storage.Transaction;
import io.leasehold.server.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the tokens of auth-method logins (AppRole): always orphans, named after the mount,
 * policies plus {@code default} unless left out, TTL by Vault's lease arithmetic against the
 * issuing mount's tune. {@link #issue} builds the token without storing it; {@link #insert} stores
 * a service token inside the caller's transaction, next to whatever the login spends.
 */
public final class LoginTokens {
  private final TokenRepository tokens;
  private final TokenIds ids;
  private final BatchTokenCodec batchTokens;
  private final Clock clock;

  public LoginTokens(TokenRepository tokens, TokenIds ids, BatchTokenCodec batchTokens,
      Clock clock) {
    this.tokens = tokens;
    this.ids = ids;
    this.batchTokens = batchTokens;
    this.clock = clock;
  }

  /**
   * Builds the token a login grants. Nothing is written.
   *
   * @param mount the issuing mount's effective tune
   * @throws LeaseholdException INVALID_ARGUMENT {@code auth methods cannot create root tokens},
   *     or a batch token asked to be periodic or use-limited
   */
  public CreatedToken issue(LoginGrant g, MountTune mount) {
    List<String> policies = PolicyNames.sanitize(g.policies(), !g.noDefaultPolicy());
    if (policies.contains(PolicyNames.ROOT)) {
      throw LeaseholdException.invalid("ROOT_FROM_AUTH_METHOD",
          "auth methods cannot create root tokens");
    }
    boolean batch = g.type().equals("batch");
    if (batch && g.period() != 0) {
      throw LeaseholdException.invalid("BATCH_FORBIDDEN_FIELD",
          "batch tokens cannot have \"period\" set");
    }
    if (batch && g.numUses() != 0) {
      throw LeaseholdException.invalid("BATCH_FORBIDDEN_FIELD",
          "batch tokens cannot have \"num_uses\" set");
    }
    long now = clock.millis();
    TtlCalculator.Result r = TtlCalculator.calculate(new TtlCalculator.Input(
        mount.defaultLeaseTtl(), mount.maxLeaseTtl(), 0, g.ttl(), g.period(), g.maxTtl(),
        g.explicitMaxTtl(), now / 1000, now / 1000));
    long ttl = r.ttlSeconds();
    List<String> warnings = new ArrayList<>(r.warnings());
    String displayName = displayName(g.mountPath());
    if (batch) {
      BatchTokenClaims claims = BatchTokenClaims.newBuilder()
          .addAllPolicies(policies)
          .setIssueTimeMillis(now)
          .setTtlSeconds(ttl)
          .setDisplayName(displayName)
          .putAllMeta(g.meta())
          .setPath(g.loginPath())
          .setMountPath(g.mountPath())
          .setMountUuid(g.mountUuid())
          .build();
      TokenEntry view = new TokenEntry("", "", "", policies, g.loginPath(), g.meta(),
          displayName, 0, now, ttl, 0, 0, "", false, true, now, now + ttl * 1000, 0, ttl,
          List.of(), TokenType.BATCH);
      return new CreatedToken(batchTokens.seal(claims), view, warnings);
    }
    String tokenId = ids.newServiceTokenId();
    TokenEntry entry = new TokenEntry(tokens.hashOf(tokenId), ids.newAccessor(), "", policies,
        g.loginPath(), g.meta(), displayName, g.numUses(), now, ttl, g.explicitMaxTtl(),
        g.period(), "", true, true, now, now + ttl * 1000, 0, ttl, g.boundCidrs(),
        TokenType.SERVICE);
    return new CreatedToken(tokenId, entry, warnings);
  }

  /** Stores an issued service token inside {@code tx}; a batch token needs nothing stored. */
  public void insert(Transaction tx, CreatedToken issued) {
    if (!issued.entry().batch()) {
      tokens.insert(tx, issued.entry());
    }
  }

  /** Vault's display name of a login: the mount path with slashes as dashes, e.g. approle. */
  static String displayName(String mountPath) {
    String d = mountPath.replace('/', '-');
    while (d.endsWith("-")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }
}
