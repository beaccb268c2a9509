package io.leasehold.server.core.token;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Operations over all stored tokens: listing accessors, counting, revoking by creation-path prefix.
 * Each reads the store in pages, never all at once.
 */
public final class TokenInventory {
  private static final int PAGE = 1024;

  private final TokenRepository tokens;
  private final TokenRevoker revoker;
  private final Storage storage;

  public TokenInventory(TokenRepository tokens, TokenRevoker revoker) {
    this.tokens = tokens;
    this.revoker = revoker;
    this.storage = tokens.storage();
  }

  /** Every service token's accessor. */
  public List<String> accessors() {
    List<String> out = new ArrayList<>();
    forEach(TokenKeys.ACCESSOR_PREFIX,
        kv -> out.add(TokenCodec.decodeAccessor(kv.value()).getAccessor()));
    out.sort(null);
    return out;
  }

  /** How many service tokens are stored (root tokens included). */
  public long countServiceTokens() {
    long[] n = {0};
    forEach(TokenKeys.ENTRY_PREFIX, kv -> n[0]++);
    return n[0];
  }

  /**
   * Revokes, each with its subtree, every token whose lease ID ({@code <creation path>/<id>})
   * falls under {@code prefix}: {@code auth/token/create} takes tokens made through
   * auth/token/create and auth/token/create/ROLE, not create-orphan.
   *
   * @return how many tokens matched
   */
  public long revokePrefix(String prefix) {
    if (prefix == null || prefix.strip().isEmpty()) {
      throw LeaseholdException.invalid("MISSING_PREFIX", "missing prefix");
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    String wanted = p.endsWith("/") ? p : p + "/";
    List<String> matched = new ArrayList<>();
    forEach(TokenKeys.ENTRY_PREFIX, kv -> {
      String hash = Keys.suffix(kv.key(), TokenKeys.ENTRY_PREFIX);
      TokenEntry e = TokenCodec.decode(hash, kv.value());
      if ((e.path() + "/").startsWith(wanted)) {
        matched.add(hash);
      }
    });
    long n = 0;
    for (String hash : matched) {
      if (revoker.revokeTree(hash)) {
        n++;
      }
    }
    return n;
  }

  private void forEach(byte[] prefix, Consumer<KeyValue> action) {
    Scans.forEach(storage, prefix, PAGE, action);
  }
}
