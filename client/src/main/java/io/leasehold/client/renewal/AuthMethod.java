package io.leasehold.client.renewal;

/**
 * A way to obtain a token: {@link StaticTokenAuth} (a token given once) or {@link AppRoleAuth}
 * (role ID and secret ID). A {@link SessionKeeper} calls it at start and whenever the current
 * token can no longer be kept alive.
 */
public interface AuthMethod {

  /**
   * Obtains a token. One attempt, bounded by a deadline; the caller retries with backoff.
   *
   * @throws Exception a gRPC status (classified by {@link Failure}) or a local problem such as an
   *     unreadable credential file
   */
  Login login() throws Exception;

  /**
   * Whether {@link #login} can produce a fresh token after the last one ran out. False for a
   * static token: once it ends, nothing can replace it.
   */
  default boolean canRelogin() {
    return true;
  }

  /** A short name for logs and messages, e.g. {@code approle}; never a credential. */
  String name();
}
