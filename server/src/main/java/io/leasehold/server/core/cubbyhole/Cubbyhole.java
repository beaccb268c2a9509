package io.leasehold.server.core.cubbyhole;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.core.token.TokenKeys;
import io.leasehold.server.core.token.TokenType;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Each service token's private key-value space, kept under {@code cubbyhole/<token hash>/<path>}:
 * only requests made with that token reach it, and it is destroyed with the token.
 */
public final class Cubbyhole {
  /** Vault's text for batch tokens. */
  public static final String SERVICE_ONLY =
      "cubbyhole operations are only supported by \"service\" type tokens";

  private static final byte[] PREFIX = Keys.of("cubbyhole/");

  private final Storage storage;

  public Cubbyhole(Storage storage) {
    this.storage = storage;
  }

  /** The entry at {@code path}, if any. */
  public Optional<Struct> read(Caller caller, String path) {
    byte[] key = key(caller, requirePath(path));
    return storage.get(key).map(Cubbyhole::decode);
  }

  /** Whether something is stored at {@code path} (decides create versus update). */
  public boolean exists(Caller caller, String path) {
    return storage.get(key(caller, requirePath(path))).isPresent();
  }

  /** Replaces the entry at {@code path}. */
  public void write(Caller caller, String path, Struct data) {
    byte[] key = key(caller, requirePath(path));
    if (data == null || data.getFieldsCount() == 0) {
      throw LeaseholdException.invalid("MISSING_DATA", "missing data fields");
    }
    byte[] value = data.toByteArray();
    byte[] owner = TokenKeys.entry(caller.entry().hash());
    storage.transact(tx -> {
      // The owner must still exist when this commits. A revocation locks the entry before it
      // clears the cubbyhole, so a write that passed the token check just before cannot land after
      // the clear and outlive the token.
      if (tx.getForShare(owner).isEmpty()) {
        throw LeaseholdException.denied();
      }
      tx.put(key, value);
      return null;
    });
  }

  /** Deletes the entry at {@code path}; a missing entry is not an error. */
  public void delete(Caller caller, String path) {
    byte[] key = key(caller, requirePath(path));
    storage.transact(tx -> {
      tx.discard(key);
      return null;
    });
  }

  /**
   * The keys directly under {@code prefix} (empty or ending in {@code /}): entries by name,
   * deeper entries as their first folder with a trailing {@code /}, each once, in order.
   */
  public List<String> list(Caller caller, String prefix) {
    String p = normalize(prefix == null ? "" : prefix);
    if (!p.isEmpty() && !p.endsWith("/")) {
      p = p + "/";
    }
    byte[] base = key(caller, p);
    Set<String> keys = new LinkedHashSet<>();
    byte[] from = base;
    byte[] end = Keys.prefixEnd(base);
    while (true) {
      List<KeyValue> rows = storage.scan(from, end, 1000);
      for (KeyValue kv : rows) {
        String rest = Keys.suffix(kv.key(), base);
        int slash = rest.indexOf('/');
        keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
      if (rows.size() < 1000) {
        return new ArrayList<>(keys);
      }
      from = Keys.concat(rows.get(rows.size() - 1).key(), new byte[] {0});
    }
  }

  /** Inside {@code tx}: deletes everything in the cubbyhole of the token with this hash. */
  public static void destroy(Transaction tx, String tokenHash) {
    byte[] base = Keys.of("cubbyhole/" + tokenHash + "/");
    for (KeyValue kv : tx.scan(base, Keys.prefixEnd(base), Integer.MAX_VALUE)) {
      tx.discard(kv.key());
    }
  }

  /** The token hash a cubbyhole storage key belongs to, or null if it is not one. */
  public static String ownerOf(byte[] key) {
    if (!Keys.hasPrefix(key, PREFIX)) {
      return null;
    }
    String rest = Keys.suffix(key, PREFIX);
    int slash = rest.indexOf('/');
    return slash < 0 ? null : rest.substring(0, slash);
  }

  /** The prefix of all cubbyhole keys, for tidying. */
  public static byte[] prefix() {
    return PREFIX.clone();
  }

  private static byte[] key(Caller caller, String path) {
    if (caller.type() != TokenType.SERVICE) {
      throw LeaseholdException.invalid("SERVICE_TOKENS_ONLY", SERVICE_ONLY);
    }
    return Keys.of("cubbyhole/" + caller.entry().hash() + "/" + path);
  }

  private static String requirePath(String path) {
    String p = normalize(path == null ? "" : path);
    if (p.isEmpty() || p.endsWith("/")) {
      throw LeaseholdException.invalid("MISSING_PATH", "missing path");
    }
    return p;
  }

  private static String normalize(String path) {
    String p = path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  private static Struct decode(byte[] bytes) {
    try {
      return Struct.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt cubbyhole entry", e);
    }
  }
}
