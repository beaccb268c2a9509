package io.leasehold.server.core.token;

import java.util.List;
import java.util.Map;

/**
 * A service token with its lease, as stored. Immutable; the {@code with*} methods return changed
 * copies. The token ID is not here: only its keyed {@link #hash()} is ever kept.
 *
 * @param hash keyed hash of the token ID (the storage key)
 * @param accessor the accessor, shown to operators; empty for batch tokens
 * @param parentHash keyed hash of the parent's ID; empty for orphans
 * @param policies sorted, sanitized policy names
 * @param path creation path, e.g. {@code auth/token/create}
 * @param meta metadata given at creation
 * @param displayName e.g. {@code token}, {@code token-myapp}, {@code root}
 * @param numUses uses left: 0 unlimited, -1 last use spent or revocation begun
 * @param creationTimeMillis when the token was made
 * @param creationTtl TTL granted at creation, seconds
 * @param explicitMaxTtl explicit max TTL given at creation (not the role's), seconds
 * @param period period given at creation (not the role's), seconds
 * @param role the role it was created against, or empty
 * @param renewable whether the lease may be renewed
 * @param hasLease false only for the initial root token, which never expires and has no lease
 * @param issueTimeMillis when the lease was issued
 * @param expireTimeMillis when the lease ends; 0 never
 * @param lastRenewalTimeMillis last renewal; 0 never renewed
 * @param leaseTtl the TTL granted last, seconds (the base of a renewal without increment)
 * @param boundCidrs client addresses allowed to use the token
 * @param type service (stored) or batch (sealed in the token itself, never stored)
 */
public record TokenEntry(
    String hash,
    String accessor,
    String parentHash,
    List<String> policies,
    String path,
    Map<String, String> meta,
    String displayName,
    long numUses,
    long creationTimeMillis,
    long creationTtl,
    long explicitMaxTtl,
    long period,
    String role,
    boolean renewable,
    boolean hasLease,
    long issueTimeMillis,
    long expireTimeMillis,
    long lastRenewalTimeMillis,
    long leaseTtl,
    List<String> boundCidrs,
    TokenType type) {

  public TokenEntry {
    policies = List.copyOf(policies);
    meta = Map.copyOf(meta);
    boundCidrs = List.copyOf(boundCidrs);
  }

  /** Whether this is a batch token. */
  public boolean batch() {
    return type == TokenType.BATCH;
  }

  /** Whether the token has no parent. */
  public boolean orphan() {
    return parentHash.isEmpty();
  }

  /** Whether the policy set is exactly root. */
  public boolean isRoot() {
    return policies.size() == 1 && policies.get(0).equals("root");
  }

  /** Whether the lease has ended at {@code nowMillis}. A token expires at its exact deadline. */
  public boolean expiredAt(long nowMillis) {
    return expireTimeMillis > 0 && nowMillis >= expireTimeMillis;
  }

  /** A copy with {@code uses} uses left. */
  public TokenEntry withNumUses(long uses) {
    return new TokenEntry(hash, accessor, parentHash, policies, path, meta, displayName, uses,
        creationTimeMillis, creationTtl, explicitMaxTtl, period, role, renewable, hasLease,
        issueTimeMillis, expireTimeMillis, lastRenewalTimeMillis, leaseTtl, boundCidrs, type);
  }

  /** A copy with no parent. */
  public TokenEntry asOrphan() {
    return new TokenEntry(hash, accessor, "", policies, path, meta, displayName, numUses,
        creationTimeMillis, creationTtl, explicitMaxTtl, period, role, renewable, hasLease,
        issueTimeMillis, expireTimeMillis, lastRenewalTimeMillis, leaseTtl, boundCidrs, type);
  }

  /** A copy renewed at {@code nowMillis} for {@code ttl} seconds. */
  public TokenEntry renewed(long nowMillis, long ttl) {
    return new TokenEntry(hash, accessor, parentHash, policies, path, meta, displayName, numUses,
        creationTimeMillis, creationTtl, explicitMaxTtl, period, role, renewable, hasLease,
        issueTimeMillis, nowMillis + ttl * 1000, nowMillis, ttl, boundCidrs, type);
  }
}
