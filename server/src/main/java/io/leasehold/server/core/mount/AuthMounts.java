package io.leasehold.server.core.mount;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.internal.v1.StoredAuthMount;
import io.leasehold.server.internal.v1.StoredMountTune;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The auth mount table and its tune settings. The token mount ({@code token/}) is built in: it
 * always exists, cannot be disabled and refuses {@code token_type}. Other mounts (AppRole) are
 * stored at {@code auth-mount/<path>}; enabling and disabling them is {@code AuthMethods}' job,
 * which writes through {@link #insert} and {@link #remove} inside its own transactions.
 */
public final class AuthMounts {
  /** The token store's mount path. */
  public static final String TOKEN_MOUNT = "token/";

  private static final String TOKEN_DESCRIPTION = "token based credentials";
  private static final byte[] TOKEN_TUNE_KEY = Keys.of("mount/auth/token/");
  private static final byte[] TOKEN_ACCESSOR_KEY = Keys.of("mount/auth/token/accessor");
  private static final byte[] TABLE_PREFIX = Keys.of("auth-mount/");
  private static final Pattern PATH = Pattern.compile("[\\w.\\-]+(/[\\w.\\-]+)*/");

  private final Storage storage;
  private final SystemDefaults defaults;

  public AuthMounts(Storage storage, SystemDefaults defaults) {
    this.storage = storage;
    this.defaults = defaults;
  }

  /** Records the token mount's accessor at first start; keeps an existing one. */
  public void initialize(String tokenMountAccessor) {
    storage.transact(tx -> {
      if (tx.get(TOKEN_ACCESSOR_KEY).isEmpty()) {
        tx.put(TOKEN_ACCESSOR_KEY, Keys.of(tokenMountAccessor));
      }
      return null;
    });
  }

  /**
   * A mount path in its canonical form: no leading slash, one trailing slash.
   *
   * @throws LeaseholdException INVALID_ARGUMENT {@code missing mount path}, {@code invalid path}
   */
  public static String normalizePath(String path) {
    String p = path == null ? "" : path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.isEmpty() || p.equals("/")) {
      throw LeaseholdException.invalid("MISSING_PATH", "missing mount path");
    }
    if (!p.endsWith("/")) {
      p = p + "/";
    }
    if (!PATH.matcher(p).matches() || p.contains("..")) {
      throw LeaseholdException.invalid("INVALID_PATH", "invalid path");
    }
    return p;
  }

  /** Every enabled auth mount, sorted by path. */
  public List<AuthMount> list() {
    List<AuthMount> out = new ArrayList<>();
    out.add(tokenMount());
    Scans.forEach(storage, TABLE_PREFIX, 256, kv -> out.add(view(decode(kv.value()))));
    out.sort(Comparator.comparing(AuthMount::path));
    return out;
  }

  /** The mount at {@code path} (any form {@link #normalizePath} accepts), if enabled. */
  public Optional<AuthMount> find(String path) {
    String p = normalizePath(path);
    if (p.equals(TOKEN_MOUNT)) {
      return Optional.of(tokenMount());
    }
    return storage.get(key(p)).map(b -> view(decode(b)));
  }

  /**
   * The stored form of a non-token mount, inside a transaction that changes or removes it: locked
   * until the transaction ends, so a concurrent tune or disable cannot be lost or undone.
   */
  public Optional<StoredAuthMount> loadForUpdate(Transaction tx, String normalizedPath) {
    return tx.getForUpdate(key(normalizedPath)).map(AuthMounts::decode);
  }

  /**
   * The stored form of a non-token mount, inside a transaction that relies on it without changing
   * it (writing into the mount's data): a disable waits for the transaction, and the transaction
   * waits for a disable under way, then finds the mount gone.
   */
  public Optional<StoredAuthMount> loadForShare(Transaction tx, String normalizedPath) {
    return tx.getForShare(key(normalizedPath)).map(AuthMounts::decode);
  }

  /** Every non-token mount, stored form. */
  public List<StoredAuthMount> stored() {
    List<StoredAuthMount> out = new ArrayList<>();
    Scans.forEach(storage, TABLE_PREFIX, 256, kv -> out.add(decode(kv.value())));
    return out;
  }

  /** Every mount path, the token mount's included, inside a transaction. */
  public List<String> paths(Transaction tx) {
    List<String> out = new ArrayList<>();
    out.add(TOKEN_MOUNT);
    tx.scan(TABLE_PREFIX, Keys.prefixEnd(TABLE_PREFIX), Integer.MAX_VALUE)
        .forEach(kv -> out.add(decode(kv.value()).getPath()));
    return out;
  }

  /**
   * Inside {@code tx}: takes the mount table's lock until the transaction ends, so that enables and
   * disables run one at a time (two enables at one path, or at nested paths, cannot both pass the
   * overlap check). They are rare; requests never take it.
   */
  public void lockTable(Transaction tx) {
    tx.getForUpdate(TABLE_PREFIX);
  }

  /** Adds a mount to the table inside the caller's transaction. */
  public void insert(Transaction tx, StoredAuthMount mount) {
    tx.put(key(mount.getPath()), mount.toByteArray());
  }

  /** Removes a mount from the table inside the caller's transaction. */
  public void remove(Transaction tx, String normalizedPath) {
    tx.delete(key(normalizedPath));
  }

  /**
   * The mount that issued a token created at {@code tokenPath} (e.g. {@code auth/approle/login}):
   * the one whose {@code auth/<path>} is the longest prefix of it.
   */
  public Optional<AuthMount> forTokenPath(String tokenPath) {
    if (tokenPath.startsWith("auth/" + TOKEN_MOUNT)) {
      return Optional.of(tokenMount());
    }
    AuthMount best = null;
    for (StoredAuthMount m : stored()) {
      if (tokenPath.startsWith("auth/" + m.getPath())
          && (best == null || m.getPath().length() > best.path().length())) {
        best = view(m);
      }
    }
    return Optional.ofNullable(best);
  }

  /** The token mount's effective settings. */
  public MountTune tokenMountTune() {
    return effective(parseTune(storage.get(TOKEN_TUNE_KEY)), TOKEN_DESCRIPTION);
  }

  /**
   * The effective settings of the mount at {@code path}.
   *
   * @throws LeaseholdException INVALID_ARGUMENT for a malformed path, NOT_FOUND for no mount
   */
  public MountTune read(String path) {
    return find(path).orElseThrow(() -> notFound(normalizePath(path))).tune();
  }

  /**
   * Applies a tune write to the mount.
   *
   * @throws LeaseholdException INVALID_ARGUMENT for bad values, NOT_FOUND for an unknown mount
   */
  public void tune(TuneRequest req) {
    String p = normalizePath(req.path());
    if (p.equals(TOKEN_MOUNT)) {
      MountTuning.apply(StoredMountTune.getDefaultInstance(), req.defaultLeaseTtl(),
          req.maxLeaseTtl(), req.description(), req.tokenType(), true);
      storage.transact(tx -> {
        StoredMountTune next = MountTuning.apply(parseTune(tx.getForUpdate(TOKEN_TUNE_KEY)),
            req.defaultLeaseTtl(), req.maxLeaseTtl(), req.description(), null, true);
        tx.put(TOKEN_TUNE_KEY, next.toByteArray());
        return null;
      });
      return;
    }
    storage.transact(tx -> {
      StoredAuthMount m = loadForUpdate(tx, p).orElseThrow(() -> notFound(p));
      StoredMountTune next = MountTuning.apply(m.getTune(), req.defaultLeaseTtl(),
          req.maxLeaseTtl(), req.description(), req.tokenType(), false);
      tx.put(key(p), m.toBuilder().setTune(next).build().toByteArray());
      return null;
    });
  }

  /** Checks an enable's config the way a tune would, returning the stored settings. */
  public static StoredMountTune initialTune(Long defaultTtl, Long maxTtl, String description,
      String tokenType) {
    return MountTuning.apply(StoredMountTune.getDefaultInstance(), defaultTtl, maxTtl,
        description, tokenType, false);
  }

  private AuthMount tokenMount() {
    StoredMountTune t = parseTune(storage.get(TOKEN_TUNE_KEY));
    String accessor = storage.get(TOKEN_ACCESSOR_KEY)
        .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    return new AuthMount(TOKEN_MOUNT, "token", accessor, "", effective(t, TOKEN_DESCRIPTION),
        t.getDefaultLeaseTtlSeconds(), t.getMaxLeaseTtlSeconds());
  }

  private AuthMount view(StoredAuthMount m) {
    StoredMountTune t = m.getTune();
    return new AuthMount(m.getPath(), m.getType(), m.getAccessor(), m.getUuid(),
        effective(t, ""), t.getDefaultLeaseTtlSeconds(), t.getMaxLeaseTtlSeconds());
  }

  private MountTune effective(StoredMountTune s, String defaultDescription) {
    long def = s.getDefaultLeaseTtlSeconds() != 0 ? s.getDefaultLeaseTtlSeconds()
        : defaults.defaultLeaseTtl();
    long max = s.getMaxLeaseTtlSeconds() != 0 ? s.getMaxLeaseTtlSeconds() : defaults.maxLeaseTtl();
    String description = s.getDescription().isEmpty() ? defaultDescription : s.getDescription();
    String type = s.getTokenType().isEmpty() ? "default-service" : s.getTokenType();
    return new MountTune(def, max, description, type);
  }

  private static LeaseholdException notFound(String path) {
    return new LeaseholdException(LeaseholdException.Kind.NOT_FOUND, "MOUNT_NOT_FOUND",
        "no auth mount at \"" + path + "\"");
  }

  private static byte[] key(String normalizedPath) {
    return Keys.concat(TABLE_PREFIX, Keys.of(normalizedPath));
  }

  private static StoredMountTune parseTune(Optional<byte[]> bytes) {
    if (bytes.isEmpty()) {
      return StoredMountTune.getDefaultInstance();
    }
    try {
      return StoredMountTune.parseFrom(bytes.get());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt mount tune entry", e);
    }
  }

  private static StoredAuthMount decode(byte[] bytes) {
    try {
      return StoredAuthMount.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt auth mount entry", e);
    }
  }
}
