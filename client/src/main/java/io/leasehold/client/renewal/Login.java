package io.leasehold.client.renewal;

import java.util.Objects;

/**
 * A token an {@link AuthMethod} obtained, with its lease as of the login.
 *
 * @param token the client token (a secret: never log it; {@link #toString} hides it)
 * @param lease its lifetime at the time of the login
 * @param revocable whether the loop that obtained it may revoke it on shutdown: true for tokens
 *     made by a login, false for a static token somebody else owns, and false for batch tokens,
 *     which cannot be revoked
 */
public record Login(String token, TokenLease lease, boolean revocable) {
  public Login {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(lease, "lease");
    if (token.isBlank()) {
      throw new IllegalArgumentException("empty token");
    }
  }

  @Override
  public String toString() {
    return "Login[token=<hidden>, lease=" + lease + ", revocable=" + revocable + "]";
  }
}
