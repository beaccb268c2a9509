package io.leasehold.server.core.batch;

import com.google.crypto.tink.Aead;
import io.leasehold.server.internal.v1.BatchTokenClaims;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the claims of recently opened batch tokens, so a token presented again (a batch token
 * is typically used many times in its short life) is not decrypted and parsed again. Exact: a
 * token string opens to one set of claims under one keyset, and an entry counts only for the
 * primitive it was opened with, so a rotation, a reload or a seal leaves every entry unused. It
 * saves only the decryption: expiry, the parent and the mount are still checked on every use.
 *
 * <p>Bounded: once full it is emptied and fills again with what is in use, which costs one
 * decryption per token and needs no bookkeeping on the hot path.
 */
final class OpenedTokens {
  /** At most this many tokens (about 3 MiB). */
  static final int CAPACITY = 4096;

  private record Opened(Aead openedWith, BatchTokenClaims claims) {}

  private final ConcurrentHashMap<String, Opened> opened = new ConcurrentHashMap<>();

  /** The claims {@code token} opened to under {@code aead}, or null. */
  BatchTokenClaims find(String token, Aead aead) {
    Opened o = opened.get(token);
    return o != null && o.openedWith() == aead ? o.claims() : null;
  }

  /** Remembers that {@code token} opened to {@code claims} under {@code aead}. */
  void remember(String token, Aead aead, BatchTokenClaims claims) {
    if (opened.size() >= CAPACITY) {
      opened.clear();
    }
    opened.put(token, new Opened(aead, claims));
  }

  /** Forgets everything (the keyset is gone: sealed). */
  void clear() {
    opened.clear();
  }

  int size() {
    return opened.size();
  }
}
