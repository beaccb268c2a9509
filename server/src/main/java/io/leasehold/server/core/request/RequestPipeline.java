package io.leasehold.server.core.request;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.token.Cidrs;
import io.leasehold.server.core.token.TokenEntry;
import io.leasehold.server.core.token.TokenResolver;
import io.leasehold.server.core.token.TokenRevoker;
import io.leasehold.server.core.token.UseLimiter;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The steps every authenticated request goes through, in Vault's order: sealed check, token
 * resolution (including the token's CIDR binding), spending a use, the ACL decision, the
 * operation, and revocation after a last use.
 *
 * <p>The use is spent before the ACL decision, so a denied request still costs a use, as in Vault.
 */
public final class RequestPipeline {
  private final SealState seal;
  private final TokenResolver resolver;
  private final UseLimiter uses;
  private final AccessControl acl;
  private final TokenRevoker revoker;

  public RequestPipeline(
      SealState seal,
      TokenResolver resolver,
      UseLimiter uses,
      AccessControl acl,
      TokenRevoker revoker) {
    this.seal = seal;
    this.resolver = resolver;
    this.uses = uses;
    this.acl = acl;
    this.revoker = revoker;
  }

  /**
   * Runs {@code operation} for the holder of {@code presentedToken} if everything allows it.
   *
   * @throws LeaseholdException SEALED, UNAUTHENTICATED (no usable token), PERMISSION_DENIED
   *     (policy), or whatever the operation throws
   */
  public <T> T handle(String presentedToken, Route route, Function<Caller, T> operation) {
    return handle(presentedToken, null, route, operation);
  }

  /**
   * As {@link #handle(String, Route, Function)}, for a client at {@code clientAddress} (an IP
   * literal, or null when the transport has none): a token bound to CIDR blocks only works from
   * inside them.
   */
  public <T> T handle(String presentedToken, String clientAddress, Route route,
      Function<Caller, T> operation) {
    return handle(presentedToken, clientAddress, () -> route, operation);
  }

  /**
   * As {@link #handle(String, String, Route, Function)}, for a route built from the request (a
   * role name, a mount path). It is built only once the caller is authenticated, so a caller
   * without a usable token learns nothing about its request, only UNAUTHENTICATED.
   */
  public <T> T handle(String presentedToken, String clientAddress, Supplier<Route> routeOf,
      Function<Caller, T> operation) {
    return handleFor(presentedToken, clientAddress, c -> routeOf.get(), operation);
  }

  /**
   * As {@link #handle(String, String, Supplier, Function)}, for a route that depends on the caller
   * too (a cubbyhole write is a create or an update depending on what the caller's own cubbyhole
   * holds).
   */
  public <T> T handleFor(String presentedToken, String clientAddress,
      Function<Caller, Route> routeOf, Function<Caller, T> operation) {
    checkUnsealed();
    TokenEntry resolved = resolver.resolve(presentedToken)
        .filter(e -> Cidrs.allows(e.boundCidrs(), clientAddress))
        .orElseThrow(LeaseholdException::unauthenticated);
    TokenEntry spent = uses.spend(resolved).orElseThrow(LeaseholdException::unauthenticated);
    Caller caller = new Caller(presentedToken, spent, spent.type());
    try {
      if (!acl.allows(spent, routeOf.apply(caller))) {
        throw LeaseholdException.denied();
      }
      return operation.apply(caller);
    } finally {
      if (caller.lastUse()) {
        revoker.revokeTree(spent.hash());
      }
    }
  }

  /** Throws SEALED while the server is sealed. */
  public void checkUnsealed() {
    if (seal.sealed()) {
      throw LeaseholdException.sealed();
    }
  }

  /** The ACL, for rules that depend on sudo inside an operation. */
  public AccessControl acl() {
    return acl;
  }
}
