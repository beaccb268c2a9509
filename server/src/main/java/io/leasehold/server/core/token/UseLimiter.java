package io.leasehold.server.core.token;

import java.util.Optional;

/**
 * Spends one use of a use-limited token, atomically: of any number of concurrent requests, exactly
 * as many succeed as the token had uses. The request that spends the last one sees {@code -1} and
 * is still served; the token is revoked after it.
 */
public final class UseLimiter {
  private final TokenRepository tokens;

  public UseLimiter(TokenRepository tokens) {
    this.tokens = tokens;
  }

  /**
   * Spends a use of {@code token} if it is limited. Returns the entry as it is after the spend, or
   * empty if the token was used up or removed by a concurrent request.
   */
  public Optional<TokenEntry> spend(TokenEntry token) {
    if (token.numUses() == 0) {
      return Optional.of(token);
    }
    return tokens.storage().transact(tx -> {
      Optional<TokenEntry> current = tokens.loadForUpdate(tx, token.hash());
      if (current.isEmpty() || current.get().numUses() <= 0) {
        return Optional.empty();
      }
      TokenEntry before = current.get();
      TokenEntry after = before.withNumUses(before.numUses() == 1 ? -1 : before.numUses() - 1);
      tokens.update(tx, before, after);
      return Optional.of(after);
    });
  }
}
