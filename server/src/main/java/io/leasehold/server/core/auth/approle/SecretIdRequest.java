package io.leasehold.server.core.auth.approle;

import java.util.List;
import java.util.Map;

/**
 * A secret-ID generation: null fields take the role's values.
 *
 * @param ttl seconds
 */
public record SecretIdRequest(String mount, String roleName, Map<String, String> metadata,
    List<String> cidrList, List<String> tokenBoundCidrs, Long numUses, Long ttl) {}
