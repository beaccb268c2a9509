package io.leasehold.server.core.auth.approle;

import java.util.List;

/**
 * A role create/update: null fields are left as they are (or at their defaults for a new role).
 * Durations in seconds. {@code tokenType} is a setting name ({@code default-service}, ...).
 */
public record AppRoleWrite(
    String mount,
    String name,
    Boolean bindSecretId,
    List<String> secretIdBoundCidrs,
    List<String> boundCidrList,
    Long secretIdNumUses,
    Long secretIdTtl,
    Boolean localSecretIds,
    List<String> tokenPolicies,
    List<String> policies,
    Long tokenTtl,
    Long tokenMaxTtl,
    Long tokenPeriod,
    Long period,
    String tokenType,
    Long tokenNumUses,
    Long tokenExplicitMaxTtl,
    Boolean tokenNoDefaultPolicy,
    List<String> tokenBoundCidrs,
    String roleId) {

  /** An update of nothing but the name (a starting point for tests and callers). */
  public static AppRoleWrite named(String mount, String name) {
    return new AppRoleWrite(mount, name, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null);
  }
}
