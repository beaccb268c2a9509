package io.leasehold.server.core.request;

import io.leasehold.server.core.token.TokenEntry;

/**
 * The ACL seam: decides whether a token's policies allow a route. The policy engine plugs in here.
 */
public interface AccessControl {
  /** Whether {@code token} may perform {@code route} (including sudo when the route needs it). */
  boolean allows(TokenEntry token, Route route);

  /** Whether {@code token} holds the {@code sudo} capability on {@code path} (root always does). */
  boolean hasSudo(TokenEntry token, String path);
}
