package io.leasehold.server.core.request;

import io.leasehold.server.core.token.TokenEntry;
import io.leasehold.server.core.token.TokenType;

/**
 * The authenticated caller of one request.
 *
 * @param token the token string as presented (needed to echo it back, never logged)
 * @param entry the token's entry after this request spent its use
 * @param type service or batch
 */
public record Caller(String token, TokenEntry entry, TokenType type) {
  /** A service-token caller. */
  public Caller(String token, TokenEntry entry) {
    this(token, entry, TokenType.SERVICE);
  }

  /** Whether this request spent the token's last use (it is revoked when the request ends). */
  public boolean lastUse() {
    return entry.numUses() == -1;
  }

  @Override
  public String toString() {
    return "Caller[accessor=" + entry.accessor() + "]";
  }
}
