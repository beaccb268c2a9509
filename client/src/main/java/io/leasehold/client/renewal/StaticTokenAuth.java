package io.leasehold.client.renewal;

import java.util.Objects;

/**
 * A token given once (from {@code LEASEHOLD_TOKEN}, a file, or code). Its lifetime is learned with
 * a self lookup, so a periodic token handed over this way is renewed from its remaining TTL, not
 * its creation TTL. It cannot be replaced when it ends, and is never revoked by the loop: it
 * belongs to whoever gave it.
 */
public final class StaticTokenAuth implements AuthMethod {
  private final String token;
  private final TokenSession session;

  /** Auth with {@code token}, looked up through {@code session}. */
  public StaticTokenAuth(String token, TokenSession session) {
    this.token = Objects.requireNonNull(token, "token").strip();
    this.session = Objects.requireNonNull(session, "session");
    if (this.token.isEmpty()) {
      throw new IllegalArgumentException("the token is empty");
    }
  }

  @Override
  public Login login() {
    return new Login(token, session.lookupSelf(token), false);
  }

  @Override
  public boolean canRelogin() {
    return false;
  }

  @Override
  public String name() {
    return "token";
  }
}
