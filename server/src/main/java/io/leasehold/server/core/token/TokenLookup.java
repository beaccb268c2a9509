package io.leasehold.server.core.token;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.internal.v1.StoredAccessor;
import io.leasehold.server.time.Clock;

/** lookup, lookup-self and lookup-accessor. */
public final class TokenLookup {
  private final TokenResolver resolver;
  private final TokenRepository tokens;
  private final Clock clock;

  public TokenLookup(TokenResolver resolver, TokenRepository tokens, Clock clock) {
    this.resolver = resolver;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** The caller's own token, showing the uses left after this request. */
  public TokenDetails lookupSelf(Caller caller) {
    return TokenDetails.of(caller.token(), caller.entry(), clock.millis());
  }

  /**
   * Another token (or the caller's when {@code token} is empty).
   *
   * @throws LeaseholdException PERMISSION_DENIED {@code bad token} when there is no such token
   */
  public TokenDetails lookup(Caller caller, String token) {
    if (token == null || token.isEmpty()) {
      return lookupSelf(caller);
    }
    TokenEntry e = resolver.lookup(token).orElseThrow(() -> new LeaseholdException(
        LeaseholdException.Kind.PERMISSION_DENIED, "BAD_TOKEN", "bad token"));
    return TokenDetails.of(token, e, clock.millis());
  }

  /**
   * A token by accessor; the ID is never shown.
   *
   * @throws LeaseholdException INVALID_ARGUMENT {@code missing accessor}, FAILED_PRECONDITION
   *     {@code invalid accessor}
   */
  public TokenDetails lookupAccessor(String accessor) {
    TokenEntry e = byAccessor(accessor);
    return TokenDetails.of("", e, clock.millis());
  }

  /** The live token behind an accessor, with Vault's errors (missing / invalid accessor). */
  public TokenEntry byAccessor(String accessor) {
    if (accessor == null || accessor.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_ACCESSOR", "missing accessor");
    }
    StoredAccessor index = tokens.findAccessor(accessor).orElseThrow(TokenLookup::invalidAccessor);
    long now = clock.millis();
    return tokens.load(index.getTokenHash()).filter(e -> !e.expiredAt(now))
        .orElseThrow(TokenLookup::invalidAccessor);
  }

  private static LeaseholdException invalidAccessor() {
    return LeaseholdException.precondition("INVALID_ACCESSOR", "invalid accessor");
  }
}
