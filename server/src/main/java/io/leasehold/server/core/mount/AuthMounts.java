package io.leasehold.server.core.mount;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.internal.v1.StoredMountTune;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import java.util.List;
import java.util.Optional;

/**
 * The auth mounts and their tune settings. For now the token mount ({@code token/}) is the only
 * one; it always exists, cannot be disabled and refuses {@code token_type}.
 */
public final class AuthMounts {
  /** The token store's mount path. */
  public static final String TOKEN_MOUNT = "token/";

  private static final String TOKEN_DESCRIPTION = "token based credentials";
  private static final byte[] TOKEN_TUNE_KEY = Keys.of("mount/auth/token/");
  private static final byte[] TOKEN_ACCESSOR_KEY = Keys.of("mount/auth/token/accessor");

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

  /** Every enabled auth mount, by path. */
  public List<AuthMount> list() {
    String accessor =
        storage.get(TOKEN_ACCESSOR_KEY).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))
            .orElse("");
    return List.of(new AuthMount(TOKEN_MOUNT, "token", accessor, tokenMountTune()));
  }

  /** The token mount's effective settings. */
  public MountTune tokenMountTune() {
    return effective(stored());
  }

  /** The effective settings of the mount at {@code path} ("token" or "token/"). */
  public MountTune read(String path) {
    requireKnown(path);
    return tokenMountTune();
  }

  /**
   * Applies a tune write to the mount.
   *
   * @throws LeaseholdException INVALID_ARGUMENT for bad values, NOT_FOUND for an unknown mount
   */
  public void tune(TuneRequest req) {
    requireKnown(req.path());
    if (req.tokenType() != null) {
      throw LeaseholdException.invalid("TOKEN_TYPE_NOT_ALLOWED",
          "'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
    }
    if (req.defaultLeaseTtl() != null && req.defaultLeaseTtl() < 0) {
      throw LeaseholdException.invalid("INVALID_TTL", "default_lease_ttl must be positive");
    }
    if (req.maxLeaseTtl() != null && req.maxLeaseTtl() < 0) {
      throw LeaseholdException.invalid("INVALID_TTL", "max_lease_ttl must be positive");
    }
    storage.transact(tx -> {
      StoredMountTune current = parse(tx.get(TOKEN_TUNE_KEY));
      StoredMountTune.Builder next = current.toBuilder();
      if (req.defaultLeaseTtl() != null) {
        next.setDefaultLeaseTtlSeconds(req.defaultLeaseTtl());
      }
      if (req.maxLeaseTtl() != null) {
        next.setMaxLeaseTtlSeconds(req.maxLeaseTtl());
      }
      if (req.description() != null) {
        next.setDescription(req.description());
      }
      long def = next.getDefaultLeaseTtlSeconds();
      long max = next.getMaxLeaseTtlSeconds();
      if (def != 0 && max != 0 && max < def) {
        throw LeaseholdException.invalid("INVALID_TTL", "backend max lease TTL of " + max
            + " would be less than backend default lease TTL of " + def);
      }
      tx.put(TOKEN_TUNE_KEY, next.build().toByteArray());
      return null;
    });
  }

  private void requireKnown(String path) {
    if (path == null || path.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_PATH", "missing mount path");
    }
    String p = path.endsWith("/") ? path : path + "/";
    if (!p.equals(TOKEN_MOUNT)) {
      throw new LeaseholdException(LeaseholdException.Kind.NOT_FOUND, "MOUNT_NOT_FOUND",
          "no auth mount at \"" + p + "\"");
    }
  }

  private StoredMountTune stored() {
    return parse(storage.get(TOKEN_TUNE_KEY));
  }

  private MountTune effective(StoredMountTune s) {
    long def = s.getDefaultLeaseTtlSeconds() != 0 ? s.getDefaultLeaseTtlSeconds()
        : defaults.defaultLeaseTtl();
    long max = s.getMaxLeaseTtlSeconds() != 0 ? s.getMaxLeaseTtlSeconds() : defaults.maxLeaseTtl();
    String description = s.getDescription().isEmpty() ? TOKEN_DESCRIPTION : s.getDescription();
    return new MountTune(def, max, description, "default-service");
  }

  private static StoredMountTune parse(Optional<byte[]> bytes) {
    if (bytes.isEmpty()) {
      return StoredMountTune.getDefaultInstance();
    }
    try {
      return StoredMountTune.parseFrom(bytes.get());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt mount tune entry", e);
    }
  }
}
