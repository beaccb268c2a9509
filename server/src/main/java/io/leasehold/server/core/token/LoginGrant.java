package io.leasehold.server.core.token;

import java.util.List;
import java.util.Map;

/**
 * What an auth method's login grants, before the token rules apply. Durations in seconds, 0 unset.
 *
 * @param mountPath the issuing mount, e.g. {@code approle/}
 * @param mountUuid the issuing mount's identity (a batch token carries it)
 * @param loginPath the creation path, e.g. {@code auth/approle/login}
 * @param policies the method's policies (e.g. a role's token_policies), before sanitizing
 * @param noDefaultPolicy whether {@code default} is left out
 * @param meta token metadata, e.g. {@code role_name}
 * @param ttl the method's TTL (token_ttl)
 * @param maxTtl the method's max TTL (token_max_ttl)
 * @param period makes a periodic token when set
 * @param explicitMaxTtl a hard limit counted from creation
 * @param numUses 0 unlimited
 * @param boundCidrs client addresses allowed to use the token
 * @param type {@code service} or {@code batch}, already resolved against the mount's token_type
 */
public record LoginGrant(
    String mountPath,
    String mountUuid,
    String loginPath,
    List<String> policies,
    boolean noDefaultPolicy,
    Map<String, String> meta,
    long ttl,
    long maxTtl,
    long period,
    long explicitMaxTtl,
    long numUses,
    List<String> boundCidrs,
    String type) {

  public LoginGrant {
    policies = List.copyOf(policies);
    meta = Map.copyOf(meta);
    boundCidrs = List.copyOf(boundCidrs);
  }

  /**
   * Vault's rule for the token type of a login: a mount set to {@code service} or {@code batch}
   * forces it; {@code default-service} / {@code default-batch} apply when the method's own setting
   * ({@code roleType}: empty, {@code service} or {@code batch}) does not say.
   */
  public static String resolveType(String roleType, String mountType) {
    return switch (mountType) {
      case "service", "batch" -> mountType;
      case "default-batch" -> roleType.isEmpty() ? "batch" : roleType;
      default -> roleType.isEmpty() ? "service" : roleType;
    };
  }
}
