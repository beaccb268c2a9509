package io.leasehold.server.core.mount;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.internal.v1.StoredMountTune;
import java.util.List;

/** The rules of a tune write (sys/auth/PATH/tune, and the config of an enable), in one place. */
final class MountTuning {
  private static final List<String> TOKEN_TYPES =
      List.of("default-service", "default-batch", "service", "batch");

  private MountTuning() {}

  /**
   * {@code current} with the request's set fields applied, checked with Vault's texts.
   *
   * @param tokenMount whether this is the token store's mount, which refuses {@code token_type}
   */
  static StoredMountTune apply(StoredMountTune current, Long defaultTtl, Long maxTtl,
      String description, String tokenType, boolean tokenMount) {
    if (tokenType != null) {
      if (tokenMount) {
        throw LeaseholdException.invalid("TOKEN_TYPE_NOT_ALLOWED",
            "'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
      }
      if (!TOKEN_TYPES.contains(tokenType)) {
        throw LeaseholdException.invalid("INVALID_TOKEN_TYPE", "invalid value for 'token_type'");
      }
    }
    if (defaultTtl != null && defaultTtl < 0) {
      throw LeaseholdException.invalid("INVALID_TTL", "default_lease_ttl must be positive");
    }
    if (maxTtl != null && maxTtl < 0) {
      throw LeaseholdException.invalid("INVALID_TTL", "max_lease_ttl must be positive");
    }
    StoredMountTune.Builder next = current.toBuilder();
    if (defaultTtl != null) {
      next.setDefaultLeaseTtlSeconds(defaultTtl);
    }
    if (maxTtl != null) {
      next.setMaxLeaseTtlSeconds(maxTtl);
    }
    if (description != null) {
      next.setDescription(description);
    }
    if (tokenType != null) {
      next.setTokenType(tokenType);
    }
    long def = next.getDefaultLeaseTtlSeconds();
    long max = next.getMaxLeaseTtlSeconds();
    if (def != 0 && max != 0 && max < def) {
      throw LeaseholdException.invalid("INVALID_TTL", "backend max lease TTL of " + max
          + " would be less than backend default lease TTL of " + def);
    }
    return next.build();
  }
}
