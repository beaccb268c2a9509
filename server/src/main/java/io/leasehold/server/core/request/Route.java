package io.leasehold.server.core.request;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What a call does in Vault's terms: its logical path and operation, whether the path is
 * root-protected (needs the {@code sudo} capability as well), and the request's data, which
 * policies may restrict ({@code allowed_parameters} and friends).
 *
 * @param path e.g. {@code auth/token/lookup-self}
 * @param operation e.g. {@link Operation#READ}
 * @param sudo whether the path is root-protected
 * @param paramSource request data by parameter name (String, Number, Boolean or List values),
 *     built only if a policy needs it: a root caller never pays for it
 */
public record Route(String path, Operation operation, boolean sudo,
    Supplier<Map<String, Object>> paramSource) {
  private static final Supplier<Map<String, Object>> NONE = Map::of;

  public Route {
    paramSource = paramSource == null ? NONE : paramSource;
  }

  /** The request's data. */
  public Map<String, Object> params() {
    return paramSource.get();
  }

  /** A route that needs only the operation's capability. */
  public static Route of(String path, Operation operation) {
    return new Route(path, operation, false, NONE);
  }

  /** A root-protected route. */
  public static Route sudo(String path, Operation operation) {
    return new Route(path, operation, true, NONE);
  }

  /** This route carrying the request's data, built on first use. */
  public Route withParams(Supplier<Map<String, Object>> data) {
    return new Route(path, operation, sudo, data);
  }
}
