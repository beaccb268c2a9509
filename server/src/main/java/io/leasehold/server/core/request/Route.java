package io.leasehold.server.core.request;

import java.util.Map;

/**
 * What a call does in Vault's terms: its logical path and operation, whether the path is
 * root-protected (needs the {@code sudo} capability as well), and the request's data, which
 * policies may restrict ({@code allowed_parameters} and friends).
 *
 * @param path e.g. {@code auth/token/lookup-self}
 * @param operation e.g. {@link Operation#READ}
 * @param sudo whether the path is root-protected
 * @param params request data by parameter name: String, Number, Boolean or List values
 */
public record Route(String path, Operation operation, boolean sudo, Map<String, Object> params) {
  public Route {
    params = params == null ? Map.of() : params;
  }

  /** A route that needs only the operation's capability. */
  public static Route of(String path, Operation operation) {
    return new Route(path, operation, false, Map.of());
  }

  /** A root-protected route. */
  public static Route sudo(String path, Operation operation) {
    return new Route(path, operation, true, Map.of());
  }

  /** This route carrying the request's data. */
  public Route withParams(Map<String, Object> data) {
    return new Route(path, operation, sudo, data);
  }
}
