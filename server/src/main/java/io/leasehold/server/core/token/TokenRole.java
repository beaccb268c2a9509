package io.leasehold.server.core.token;

import java.util.List;

/**
 * A token role: a named recipe for tokens made through {@code auth/token/create/<name>}. Durations
 * in seconds. The {@code legacy*} fields hold values set through Vault's deprecated parameter
 * names, shown on read; the {@code token*} ones are effective.
 */
public record TokenRole(
    String name,
    List<String> allowedPolicies,
    List<String> disallowedPolicies,
    List<String> allowedPoliciesGlob,
    List<String> disallowedPoliciesGlob,
    boolean orphan,
    boolean renewable,
    String pathSuffix,
    List<String> allowedEntityAliases,
    long tokenPeriod,
    long legacyPeriod,
    long tokenExplicitMaxTtl,
    long legacyExplicitMaxTtl,
    List<String> tokenBoundCidrs,
    List<String> legacyBoundCidrs,
    String tokenType,
    boolean tokenNoDefaultPolicy,
    long tokenNumUses) {

  public TokenRole {
    allowedPolicies = List.copyOf(allowedPolicies);
    disallowedPolicies = List.copyOf(disallowedPolicies);
    allowedPoliciesGlob = List.copyOf(allowedPoliciesGlob);
    disallowedPoliciesGlob = List.copyOf(disallowedPoliciesGlob);
    allowedEntityAliases = List.copyOf(allowedEntityAliases);
    tokenBoundCidrs = List.copyOf(tokenBoundCidrs);
    legacyBoundCidrs = List.copyOf(legacyBoundCidrs);
  }

  /** A new role's defaults: renewable, default-service, nothing else set. */
  public static TokenRole defaults(String name) {
    return new TokenRole(name, List.of(), List.of(), List.of(), List.of(), false, true, "",
        List.of(), 0, 0, 0, 0, List.of(), List.of(), "default-service", false, 0);
  }

  /** Whether any of the four policy lists is set (which changes how token policies resolve). */
  public boolean hasPolicyLists() {
    return !allowedPolicies.isEmpty() || !disallowedPolicies.isEmpty()
        || !allowedPoliciesGlob.isEmpty() || !disallowedPoliciesGlob.isEmpty();
  }
}
