package io.leasehold.client.renewal;

/**
 * Receives a renewal loop's events, on the loop's scheduler thread (except {@link
 * DoneReason#STOPPED}, delivered on the thread that stopped it). Events are never dropped; a
 * listener that blocks holds up the loop, so hand slow work elsewhere. Exceptions thrown by a
 * listener are logged and ignored.
 */
public interface RenewalListener {

  /** A new token was obtained by a login ({@link SessionKeeper} only). */
  default void onLogin(Login login) {}

  /**
   * The token held can no longer be kept, for {@code reason}; a login follows ({@link
   * SessionKeeper} only).
   */
  default void onRelogin(DoneReason reason) {}

  /** The token was renewed; {@code lease} is what the server granted. */
  default void onRenewed(TokenLease lease) {}

  /** A call failed; the loop has decided what to do about it (retry or finish). */
  default void onError(Throwable failure, Failure kind) {}

  /** The loop finished for {@code reason}; no further events follow. */
  default void onDone(DoneReason reason) {}
}
