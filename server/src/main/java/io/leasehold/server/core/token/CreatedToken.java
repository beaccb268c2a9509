package io.leasehold.server.core.token;

import java.util.List;

/**
 * A newly made token.
 *
 * @param tokenId the token ID: hand it to the client, never store or log it
 * @param entry what was stored
 * @param warnings Vault's warnings, in Vault's order
 */
public record CreatedToken(String tokenId, TokenEntry entry, List<String> warnings) {
  @Override
  public String toString() {
    return "CreatedToken[accessor=" + entry.accessor() + "]";
  }
}
