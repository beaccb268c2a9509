package io.leasehold.client.cli.paths;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sends {@code read/write/list/delete PATH} to the typed RPC that serves PATH. A path nobody
 * serves is refused locally, with the list of the paths there are.
 *
 * <p>A new area of paths is a class like {@link TokenPaths} or {@link AppRolePaths} whose
 * {@code routes()} is added to {@link #standard()}; a login route answers with {@code
 * Secret.ofAuth(...)} and prints as Vault's token table. Routes are tried in order, so the token
 * store's fixed paths come before AppRole's patterns with a mount variable.
 */
public final class PathRouter {
  private final List<PathRoute> routes;

  public PathRouter(List<PathRoute> routes) {
    this.routes = List.copyOf(routes);
  }

  /** Every route this CLI knows: the token store, AppRole, sys and cubbyhole paths. */
  public static PathRouter standard() {
    List<PathRoute> all = new ArrayList<>();
    all.addAll(TokenPaths.routes());
    all.addAll(AppRolePaths.routes());
    all.addAll(SysPaths.routes());
    all.addAll(CubbyholePaths.routes());
    return new PathRouter(all);
  }

  /** A matched route and its variables. */
  public record Match(PathRoute route, Map<String, String> vars) {}

  /**
   * The route for {@code op} on {@code path} (leading and trailing slashes ignored).
   *
   * @throws PathException naming the supported paths when none serves it
   */
  public Match route(PathOp op, String path) {
    String p = normalise(path);
    boolean otherOp = false;
    for (PathRoute r : routes) {
      Map<String, String> vars = r.match(p);
      if (vars != null) {
        if (r.ops().contains(op)) {
          return new Match(r, vars);
        }
        otherOp = true;
      }
    }
    StringBuilder msg = new StringBuilder();
    if (otherOp) {
      msg.append("'").append(op.command()).append("' is not supported on ").append(p)
          .append("; it supports: ").append(String.join(", ", opsFor(p))).append('.');
    } else {
      msg.append("Leasehold does not serve the path '").append(p).append("'");
      msg.append(". Paths it serves with '").append(op.command()).append("':\n");
      for (PathRoute r : routes) {
        if (r.ops().contains(op)) {
          msg.append("  ").append(r.pattern()).append('\n');
        }
      }
      msg.setLength(msg.length() - 1);
    }
    throw new PathException(msg.toString());
  }

  private List<String> opsFor(String path) {
    TreeSet<String> ops = new TreeSet<>();
    for (PathRoute r : routes) {
      if (r.match(path) != null) {
        r.ops().forEach(o -> ops.add(o.command()));
      }
    }
    return new ArrayList<>(ops);
  }

  /** Every route, for help texts. */
  public List<PathRoute> routes() {
    return routes;
  }

  static String normalise(String path) {
    String p = path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
