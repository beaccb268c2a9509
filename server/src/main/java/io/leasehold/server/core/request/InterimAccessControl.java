package io.leasehold.server.core.request;

import io.leasehold.server.core.token.TokenEntry;

/**
 * The ACL until policies exist: the root policy may do everything (sudo included); any other token
 * may only use its own token (lookup-self, renew-self, revoke-self) and create tokens, which is what
 * Vault's default policy plus a creation grant would allow. Everything else is denied.
 */
public final class InterimAccessControl implements AccessControl {

  @Override
  public boolean allows(TokenEntry token, Route route) {
    if (token.isRoot()) {
      return true;
    }
    if (route.sudo()) {
      return false;
    }
    String path = route.path();
    Operation op = route.operation();
    return switch (path) {
      case "auth/token/lookup-self" -> op == Operation.READ;
      case "auth/token/renew-self", "auth/token/revoke-self", "auth/token/create",
          "auth/token/create-orphan" -> op == Operation.UPDATE;
      default -> (path.startsWith("auth/token/create/") && op == Operation.UPDATE)
          || path.startsWith("cubbyhole/");
    };
  }

  @Override
  public boolean hasSudo(TokenEntry token, String path) {
    return token.isRoot();
  }
}
