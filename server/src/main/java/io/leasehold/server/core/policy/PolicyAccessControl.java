package io.leasehold.server.core.policy;

import io.leasehold.server.core.request.AccessControl;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.core.token.TokenEntry;
import java.util.ArrayList;
import java.util.List;

/** The ACL seam answered by the caller's policies, as Vault decides it. */
public final class PolicyAccessControl implements AccessControl {
  private final PolicyStore policies;

  public PolicyAccessControl(PolicyStore policies) {
    this.policies = policies;
  }

  @Override
  public boolean allows(TokenEntry token, Route route) {
    if (token.isRoot()) {
      return true;
    }
    return policies.aclFor(token.policies())
        .check(route.path(), route.operation(), route.params(), route.sudo()).allowed();
  }

  @Override
  public boolean hasSudo(TokenEntry token, String path) {
    return token.isRoot() || policies.aclFor(token.policies()).hasSudo(path);
  }

  /**
   * Vault's capabilities of a token on a path: {@code ["root"]} for a root token, {@code ["deny"]}
   * when nothing is granted, otherwise the granted capability names, sorted.
   */
  public List<String> capabilities(TokenEntry token, String path) {
    if (token.isRoot()) {
      return List.of("root");
    }
    List<String> names =
        new ArrayList<>(policies.aclFor(token.policies()).capabilityNames(stripSlash(path)));
    names.sort(null);
    return names;
  }

  private static String stripSlash(String path) {
    String p = path == null ? "" : path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }
}
