package io.leasehold.client.renewal;

/** Why a renewal loop stopped looking after a token. */
public enum DoneReason {
  /**
   * Renewals no longer extend the lease enough (its explicit or mount max TTL is near, or it is
   * too short to renew within the minimum interval): log in again while it is still valid.
   */
  MAX_TTL_REACHED,
  /** The token cannot be renewed (batch or non-renewable); reported when it is time to replace it. */
  NOT_RENEWABLE,
  /** The server refused the token (revoked, expired, unknown or denied): replace it now. */
  UNAUTHENTICATED,
  /**
   * Renewal kept failing (server unreachable) until the lease ran out: an error, not a normal
   * end; the token should be presumed dead.
   */
  EXPIRED,
  /** Login failed and the loop was told to give up on the first login error. */
  LOGIN_FAILED,
  /** {@code stop()} was called. */
  STOPPED
}
