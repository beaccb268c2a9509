package io.leasehold.server.core.token;

import java.util.List;

/**
 * The outcome of a renewal.
 *
 * @param tokenId the token as presented; empty when renewed by accessor
 * @param entry the entry after renewal
 * @param ttl the TTL granted, seconds
 */
public record RenewedToken(String tokenId, TokenEntry entry, long ttl, List<String> warnings) {
  @Override
  public String toString() {
    return "RenewedToken[accessor=" + entry.accessor() + ", ttl=" + ttl + "]";
  }
}
