package io.leasehold.server.core.token;

import java.util.List;
import java.util.Map;

/**
 * What a lookup shows about a token, computed at one instant. Durations in seconds, times in
 * milliseconds since the epoch, 0 meaning "none".
 *
 * @param id the token as presented; empty for lookups by accessor
 * @param renewable null when the token has no lease (the initial root token)
 */
public record TokenDetails(
    String id,
    String accessor,
    List<String> policies,
    String path,
    Map<String, String> meta,
    String displayName,
    long numUses,
    boolean orphan,
    long creationTimeMillis,
    long creationTtl,
    long expireTimeMillis,
    long ttl,
    long explicitMaxTtl,
    TokenType type,
    Boolean renewable,
    long issueTimeMillis,
    String role,
    long period,
    long lastRenewalTimeMillis,
    List<String> boundCidrs) {

  @Override
  public String toString() {
    return "TokenDetails[accessor=" + accessor + ", path=" + path + "]";
  }

  /** The lookup view of {@code e} at {@code nowMillis}, showing {@code id} as its ID. */
  public static TokenDetails of(String id, TokenEntry e, long nowMillis) {
    long ttl = 0;
    if (e.expireTimeMillis() > 0) {
      long roundedNow = Math.round(nowMillis / 1000.0) * 1000;
      ttl = (e.expireTimeMillis() - roundedNow) / 1000;
    }
    Boolean renewable = e.hasLease()
        ? e.renewable() && e.expireTimeMillis() > 0 && !e.expiredAt(nowMillis)
        : null;
    return new TokenDetails(id, e.accessor(), e.policies(), e.path(), e.meta(), e.displayName(),
        e.numUses(), e.orphan(), e.creationTimeMillis(), e.creationTtl(), e.expireTimeMillis(), ttl,
        e.explicitMaxTtl(), e.type(), renewable, e.hasLease() ? e.issueTimeMillis() : 0,
        e.role(), e.period(), e.lastRenewalTimeMillis(), e.boundCidrs());
  }
}
