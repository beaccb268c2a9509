package io.leasehold.client.renewal;

import java.util.Objects;

/**
 * AppRole: logs in with a role ID and (unless the role does not bind one) a secret ID, each a
 * fixed string or a file read at every login (see {@link Credential}).
 */
public final class AppRoleAuth implements AuthMethod {
  private final Credential roleId;
  private final Credential secretId;
  private final AppRoleLogin login;

  /**
   * AppRole auth through {@code login}.
   *
   * @param secretId null when the role has {@code bind_secret_id=false}
   */
  public AppRoleAuth(Credential roleId, Credential secretId, AppRoleLogin login) {
    this.roleId = Objects.requireNonNull(roleId, "roleId");
    this.secretId = secretId;
    this.login = Objects.requireNonNull(login, "login");
  }

  @Override
  public Login login() throws Exception {
    String role = roleId.read();
    String secret = secretId == null ? null : secretId.read();
    return login.login(role, secret);
  }

  @Override
  public String name() {
    return "approle";
  }
}
