package io.leasehold.server.core.policy;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ACL policies: their texts in storage ({@code policy/<name>}), the built-ins, and compiled ACLs
 * cached per policy set. Every write bumps a version kept in storage in the same transaction, and
 * the cache is dropped whenever that version moves, so a change made through any node takes effect
 * on the next request everywhere.
 */
public final class PolicyStore implements PolicyCatalog {
  public static final String ROOT = "root";
  public static final String DEFAULT = "default";
  public static final String RESPONSE_WRAPPING = "response-wrapping";

  private static final byte[] PREFIX = Keys.of("policy/");
  private static final byte[] VERSION_KEY = Keys.of("sys/policy-version");

  private final Storage storage;
  private final ConcurrentHashMap<List<String>, Acl> acls = new ConcurrentHashMap<>();
  private volatile long cachedVersion = -1;

  public PolicyStore(Storage storage) {
    this.storage = storage;
  }

  /** Creates the {@code default} policy at first start; keeps an edited one. */
  public void initialize() {
    storage.transact(tx -> {
      if (tx.get(key(DEFAULT)).isEmpty()) {
        tx.put(key(DEFAULT), Keys.of(DefaultPolicy.TEXT));
        bump(tx.getForUpdate(VERSION_KEY), tx);
      }
      return null;
    });
  }

  /** Normalizes a policy name (trimmed, lower-cased) and refuses an empty one. */
  public static String normalizeName(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (n.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_NAME", "missing policy name");
    }
    return n;
  }

  @Override
  public boolean exists(String name) {
    return name.equals(ROOT) || storage.get(key(name)).isPresent();
  }

  /** The text of a policy; {@code root} exists but has no text. */
  public Optional<String> read(String name) {
    String n = normalizeName(name);
    if (n.equals(ROOT)) {
      return Optional.of("");
    }
    return storage.get(key(n)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** Policy names, sorted; always includes {@code root} and {@code default}. */
  public List<String> list() {
    TreeSet<String> names = new TreeSet<>();
    names.add(ROOT);
    names.add(DEFAULT);
    Scans.forEach(storage, PREFIX, 1000, kv -> names.add(Keys.suffix(kv.key(), PREFIX)));
    return new ArrayList<>(names);
  }

  /**
   * Creates or replaces a policy after checking it parses.
   *
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's texts
   */
  public void write(String name, String text) {
    String n = normalizeName(name);
    if (n.equals(ROOT) || n.equals(RESPONSE_WRAPPING)) {
      throw LeaseholdException.invalid("IMMUTABLE_POLICY", "cannot update \"" + n + "\" policy");
    }
    if (text == null || text.isBlank()) {
      throw LeaseholdException.invalid("MISSING_POLICY",
          "'policy' parameter not supplied or empty");
    }
    PolicyParser.parse(n, text);
    byte[] value = text.getBytes(StandardCharsets.UTF_8);
    storage.transact(tx -> {
      tx.put(key(n), value);
      bump(tx.getForUpdate(VERSION_KEY), tx);
      return null;
    });
  }

  /** Deletes a policy; a missing one is not an error. */
  public void delete(String name) {
    String n = normalizeName(name);
    if (n.equals(DEFAULT)) {
      throw LeaseholdException.invalid("IMMUTABLE_POLICY", "cannot delete default policy");
    }
    if (n.equals(ROOT) || n.equals(RESPONSE_WRAPPING)) {
      throw LeaseholdException.invalid("IMMUTABLE_POLICY", "cannot delete \"" + n + "\" policy");
    }
    storage.transact(tx -> {
      if (tx.delete(key(n))) {
        bump(tx.getForUpdate(VERSION_KEY), tx);
      }
      return null;
    });
  }

  /**
   * The compiled ACL of a (sorted) policy set. Names that do not exist contribute nothing; a set
   * with {@code root} is the root ACL.
   */
  public Acl aclFor(List<String> policies) {
    long version = storage.get(VERSION_KEY).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    if (version != cachedVersion) {
      acls.clear();
      cachedVersion = version;
    }
    return acls.computeIfAbsent(List.copyOf(policies), this::compile);
  }

  private Acl compile(List<String> names) {
    List<Policy> parsed = new ArrayList<>();
    for (String n : names) {
      if (n.equals(ROOT)) {
        return Acl.root();
      }
      storage.get(key(n)).ifPresent(b ->
          parsed.add(PolicyParser.parse(n, new String(b, StandardCharsets.UTF_8))));
    }
    return Acl.of(parsed);
  }

  private static void bump(Optional<byte[]> current, io.leasehold.server.storage.Transaction tx) {
    long v = current.map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    tx.put(VERSION_KEY, ByteBuffer.allocate(Long.BYTES).putLong(v + 1).array());
  }

  private static byte[] key(String name) {
    return Keys.of("policy/" + name);
  }

}
