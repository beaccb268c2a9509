package io.leasehold.server.core.token;

import io.leasehold.server.core.batch.BatchTokenCodec;
import io.leasehold.server.internal.v1.BatchTokenClaims;
import io.leasehold.server.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Finds the live token behind a presented token string. Nothing is cached: a revoked token stops
 * working at once, on every node.
 */
public final class TokenResolver {
  private final TokenRepository tokens;
  private final BatchTokenCodec batchTokens;
  private final Clock clock;
  private final BiPredicate<String, String> mountEnabled;

  /**
   * @param mountEnabled whether the auth mount at a path (first argument) is enabled and is the
   *     one with that uuid (second): a batch token of a login works only while its mount does
   */
  public TokenResolver(TokenRepository tokens, BatchTokenCodec batchTokens, Clock clock,
      BiPredicate<String, String> mountEnabled) {
    this.tokens = tokens;
    this.batchTokens = batchTokens;
    this.clock = clock;
    this.mountEnabled = mountEnabled;
  }

  /**
   * The usable token for {@code tokenId}: present, not expired (a token is refused from its exact
   * deadline, whether or not the sweeper has reached it), not used up and not being revoked.
   */
  public Optional<TokenEntry> resolve(String tokenId) {
    return lookup(tokenId).filter(e -> e.numUses() >= 0);
  }

  /**
   * As {@link #resolve}, but also returns a token whose last use is being served or whose
   * revocation has begun (Vault's "tainted" lookup), as lookups of other tokens do.
   */
  public Optional<TokenEntry> lookup(String tokenId) {
    if (tokenId == null || tokenId.isEmpty()) {
      return Optional.empty();
    }
    long now = clock.millis();
    if (BatchTokenCodec.isBatch(tokenId)) {
      return batchTokens.open(tokenId).flatMap(claims -> batchEntry(claims, now));
    }
    return tokens.load(tokens.hashOf(tokenId)).filter(e -> !e.expiredAt(now));
  }

  /**
   * A batch token as an entry, if it is still good: not past its TTL, its issuing auth mount (if a
   * login made it) still enabled, and, unless it is an orphan, its parent still a live token.
   * Nothing is read for a token-store orphan; one point read for a child or a login's token.
   */
  private Optional<TokenEntry> batchEntry(BatchTokenClaims c, long now) {
    long expire = c.getIssueTimeMillis() + c.getTtlSeconds() * 1000;
    if (now >= expire) {
      return Optional.empty();
    }
    if (!c.getMountUuid().isEmpty() && !mountEnabled.test(c.getMountPath(), c.getMountUuid())) {
      return Optional.empty();
    }
    if (!c.getParentHash().isEmpty()) {
      boolean parentLive = tokens.load(c.getParentHash())
          .filter(p -> p.numUses() >= 0 && !p.expiredAt(now)).isPresent();
      if (!parentLive) {
        return Optional.empty();
      }
    }
    return Optional.of(new TokenEntry("", "", c.getParentHash(), c.getPoliciesList(), c.getPath(),
        c.getMetaMap(), c.getDisplayName(), 0, c.getIssueTimeMillis(), c.getTtlSeconds(), 0, 0,
        c.getRole(), false, true, c.getIssueTimeMillis(), expire, 0, c.getTtlSeconds(), List.of(),
        TokenType.BATCH));
  }
}
