package io.leasehold.server.core.token;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.batch.BatchTokenCodec;
import io.leasehold.server.core.request.AccessControl;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.internal.v1.StoredAccessor;
import java.util.List;
import java.util.Optional;

/** revoke, revoke-self, revoke-accessor and revoke-orphan, with Vault's checks and texts. */
public final class TokenRevocations {
  /** Vault's warning for revoke-accessor of an unknown accessor. */
  public static final String NO_TOKEN_FOR_ACCESSOR = "No token found with this accessor";

  private final TokenRepository tokens;
  private final TokenRevoker revoker;
  private final TokenResolver resolver;
  private final AccessControl acl;

  public TokenRevocations(TokenRepository tokens, TokenRevoker revoker, TokenResolver resolver,
      AccessControl acl) {
    this.tokens = tokens;
    this.revoker = revoker;
    this.resolver = resolver;
    this.acl = acl;
  }

  /** Refuses a live batch token (they end only by expiring, or with their parent). */
  private void refuseBatch(String token) {
    if (BatchTokenCodec.isBatch(token) && resolver.lookup(token).isPresent()) {
      throw LeaseholdException.precondition("BATCH_NOT_REVOCABLE", "batch tokens cannot be revoked");
    }
  }

  /** Revokes a token tree; an unknown token is a no-op. */
  public void revoke(String token) {
    if (token == null || token.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_TOKEN", "missing token ID");
    }
    refuseBatch(token);
    revoker.revokeTree(tokens.hashOf(token));
  }

  /** Revokes the caller's token tree. */
  public void revokeSelf(Caller caller) {
    refuseBatch(caller.token());
    revoker.revokeTree(caller.entry().hash());
  }

  /**
   * Revokes the tree of the token with this accessor.
   *
   * @return warnings ({@link #NO_TOKEN_FOR_ACCESSOR} when nothing has the accessor)
   */
  public List<String> revokeAccessor(String accessor) {
    if (accessor == null || accessor.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_ACCESSOR", "missing accessor");
    }
    Optional<StoredAccessor> index = tokens.findAccessor(accessor);
    if (index.isEmpty()) {
      return List.of(NO_TOKEN_FOR_ACCESSOR);
    }
    if (!revoker.revokeTree(index.get().getTokenHash())) {
      throw LeaseholdException.precondition("TOKEN_NOT_FOUND", "token not found");
    }
    return List.of();
  }

  /** Revokes only the token; its children become orphans. Needs sudo. */
  public void revokeOrphan(Caller caller, String token) {
    if (token == null || token.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_TOKEN", "missing token ID");
    }
    if (!acl.hasSudo(caller.entry(), "auth/token/revoke-orphan")) {
      throw LeaseholdException.invalid("SUDO_REQUIRED",
          "root or sudo privileges required to revoke and orphan");
    }
    refuseBatch(token);
    if (!revoker.revokeOrphan(tokens.hashOf(token))) {
      throw LeaseholdException.precondition("TOKEN_NOT_FOUND", "token to revoke not found");
    }
  }
}
