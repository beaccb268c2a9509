package io.leasehold.server.core.token;

import io.leasehold.server.time.Clock;
import java.util.Optional;

/**
 * Finds the live token behind a presented token string. Nothing is cached: a revoked token stops
 * working at once, on every node.
 */
public final class TokenResolver {
  private final TokenRepository tokens;
  private final Clock clock;

  public TokenResolver(TokenRepository tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
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
    return tokens.load(tokens.hashOf(tokenId)).filter(e -> !e.expiredAt(now));
  }
}
