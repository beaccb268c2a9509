package io.leasehold.server.core.token;

import io.leasehold.server.core.mount.AuthMount;

/**
 * How a token issued by an auth method's login (not by the token store) is renewed: the method
 * re-reads what shaped the token (an AppRole role) and gives its current TTLs, as Vault asks the
 * method's renew handler.
 */
@FunctionalInterface
public interface LoginRenewal {
  /** The current terms, all in seconds, 0 unset. */
  record Terms(long ttl, long maxTtl, long period) {}

  /**
   * The terms for renewing {@code token}, issued by {@code mount}.
   *
   * @throws io.leasehold.server.core.LeaseholdException FAILED_PRECONDITION when what shaped the
   *     token is gone (e.g. {@code role "x" does not exist during renewal})
   */
  Terms terms(AuthMount mount, TokenEntry token);
}
