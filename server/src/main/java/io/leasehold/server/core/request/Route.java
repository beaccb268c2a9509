package io.leasehold.server.core.request;

/**
 * What a call does in Vault's terms: its logical path and operation, and whether the path is
 * root-protected (needs the {@code sudo} capability as well).
 *
 * @param path e.g. {@code auth/token/lookup-self}
 * @param operation e.g. {@link Operation#READ}
 * @param sudo whether the path is root-protected
 */
public record Route(String path, Operation operation, boolean sudo) {
  /** A route that needs only the operation's capability. */
  public static Route of(String path, Operation operation) {
    return new Route(path, operation, false);
  }

  /** A root-protected route. */
  public static Route sudo(String path, Operation operation) {
    return new Route(path, operation, true);
  }
}
