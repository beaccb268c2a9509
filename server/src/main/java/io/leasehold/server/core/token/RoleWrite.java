package io.leasehold.server.core.token;

import java.util.List;

/** A role create/update: null fields are left as they are (or at their defaults for a new role). */
public record RoleWrite(
    String name,
    List<String> allowedPolicies,
    List<String> disallowedPolicies,
    List<String> allowedPoliciesGlob,
    List<String> disallowedPoliciesGlob,
    Boolean orphan,
    Boolean renewable,
    String pathSuffix,
    List<String> allowedEntityAliases,
    Long tokenPeriod,
    Long period,
    Long tokenExplicitMaxTtl,
    Long explicitMaxTtl,
    List<String> tokenBoundCidrs,
    List<String> boundCidrs,
    String tokenType,
    Boolean tokenNoDefaultPolicy,
    Long tokenNumUses) {}
