package io.leasehold.server.core.token;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.internal.v1.StoredRole;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Token roles ({@code auth/token/roles/<name>}): validation, storage and the read view. */
public final class RoleStore {
  private static final byte[] PREFIX = Keys.of("role/");
  private static final Pattern NAME = Pattern.compile("\\w(([\\w\\-.]+)?\\w)?");
  private static final Pattern SUFFIX = Pattern.compile("\\w[\\w\\-.]+\\w");
  private static final List<String> TOKEN_TYPES =
      List.of("default-service", "default-batch", "service", "batch");

  private final Storage storage;
  private final AuthMounts mounts;

  public RoleStore(Storage storage, AuthMounts mounts) {
    this.storage = storage;
    this.mounts = mounts;
  }

  /** Normalizes and checks a role name. */
  public static String normalizeName(String name) {
    if (name == null || name.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_ROLE_NAME", "missing role_name");
    }
    String n = name.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(n).matches()) {
      throw LeaseholdException.invalid("INVALID_ROLE_NAME",
          "invalid role name \"" + name + "\": must match \\w(([\\w-.]+)?\\w)?");
    }
    return n;
  }

  /** The role, if it exists. */
  public Optional<TokenRole> read(String name) {
    String n = normalizeName(name);
    return storage.get(key(n)).map(RoleStore::decode);
  }

  /** Whether the role exists (decides between the create and update capabilities). */
  public boolean exists(String name) {
    return storage.get(key(normalizeName(name))).isPresent();
  }

  /** Role names, sorted. */
  public List<String> list() {
    List<String> out = new ArrayList<>();
    Scans.forEach(storage, PREFIX, 1000, kv -> out.add(Keys.suffix(kv.key(), PREFIX)));
    return out;
  }

  /** Deletes the role; deleting a missing role is not an error. */
  public void delete(String name) {
    String n = normalizeName(name);
    storage.transact(tx -> tx.delete(key(n)));
  }

  /**
   * Creates or updates a role from the supplied fields.
   *
   * @return warnings
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's texts
   */
  public List<String> write(RoleWrite w) {
    String name = normalizeName(w.name());
    List<String> warnings = new ArrayList<>();
    return storage.transact(tx -> {
      warnings.clear();
      TokenRole base = tx.getForUpdate(key(name)).map(RoleStore::decode).orElse(TokenRole.defaults(name));
      TokenRole role = merge(base, w, warnings);
      validate(role);
      long mountMax = mounts.tokenMountTune().maxLeaseTtl();
      if (role.tokenExplicitMaxTtl() > mountMax) {
        warnings.add("Given explicit max TTL of " + role.tokenExplicitMaxTtl()
            + " is greater than system/mount allowed value of " + mountMax
            + " seconds; until this is fixed attempting to create tokens against this role will"
            + " result in an error");
      }
      tx.put(key(name), encode(role));
      return List.copyOf(warnings);
    });
  }

  private static TokenRole merge(TokenRole r, RoleWrite w, List<String> warnings) {
    List<String> allowed = w.allowedPolicies() != null
        ? PolicyNames.clean(w.allowedPolicies()) : r.allowedPolicies();
    List<String> disallowed = w.disallowedPolicies() != null
        ? PolicyNames.clean(w.disallowedPolicies()) : r.disallowedPolicies();
    List<String> allowedGlob = w.allowedPoliciesGlob() != null
        ? PolicyNames.clean(w.allowedPoliciesGlob()) : r.allowedPoliciesGlob();
    List<String> disallowedGlob = w.disallowedPoliciesGlob() != null
        ? PolicyNames.clean(w.disallowedPoliciesGlob()) : r.disallowedPoliciesGlob();
    List<String> aliases = w.allowedEntityAliases() != null
        ? PolicyNames.clean(w.allowedEntityAliases()) : r.allowedEntityAliases();
    boolean orphan = w.orphan() != null ? w.orphan() : r.orphan();
    boolean renewable = w.renewable() != null ? w.renewable() : r.renewable();
    String suffix = r.pathSuffix();
    if (w.pathSuffix() != null) {
      suffix = w.pathSuffix().strip();
      if (!suffix.isEmpty()) {
        if (!SUFFIX.matcher(suffix).find()) {
          throw LeaseholdException.invalid("INVALID_PATH_SUFFIX",
              "given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w");
        }
        if (suffix.contains("..")) {
          throw LeaseholdException.invalid("INVALID_PATH_SUFFIX",
              "error registering path suffix: path cannot contain parent references");
        }
      }
    }

    long tokenPeriod = r.tokenPeriod();
    long legacyPeriod = r.legacyPeriod();
    if (w.tokenPeriod() != null) {
      nonNegative("token_period", w.tokenPeriod());
      if (w.period() != null) {
        warnings.add("Both 'token_period' and deprecated 'period' value supplied, ignoring the"
            + " deprecated value");
      }
      tokenPeriod = w.tokenPeriod();
      legacyPeriod = 0;
    } else if (w.period() != null) {
      nonNegative("period", w.period());
      tokenPeriod = w.period();
      legacyPeriod = w.period();
    }

    long tokenMax = r.tokenExplicitMaxTtl();
    long legacyMax = r.legacyExplicitMaxTtl();
    if (w.tokenExplicitMaxTtl() != null) {
      nonNegative("token_explicit_max_ttl", w.tokenExplicitMaxTtl());
      if (w.explicitMaxTtl() != null) {
        warnings.add("Both 'token_explicit_max_ttl' and deprecated 'explicit_max_ttl' value"
            + " supplied, ignoring the deprecated value");
      }
      tokenMax = w.tokenExplicitMaxTtl();
      legacyMax = 0;
    } else if (w.explicitMaxTtl() != null) {
      nonNegative("explicit_max_ttl", w.explicitMaxTtl());
      tokenMax = w.explicitMaxTtl();
      legacyMax = w.explicitMaxTtl();
    }

    List<String> tokenCidrs = r.tokenBoundCidrs();
    List<String> legacyCidrs = r.legacyBoundCidrs();
    if (w.tokenBoundCidrs() != null) {
      checkCidrs("token_bound_cidrs", w.tokenBoundCidrs());
      if (w.boundCidrs() != null) {
        warnings.add("Both 'token_bound_cidrs' and deprecated 'bound_cidrs' value supplied,"
            + " ignoring the deprecated value");
      }
      tokenCidrs = trimmed(w.tokenBoundCidrs());
      legacyCidrs = List.of();
    } else if (w.boundCidrs() != null) {
      checkCidrs("bound_cidrs", w.boundCidrs());
      tokenCidrs = trimmed(w.boundCidrs());
      legacyCidrs = tokenCidrs;
    }

    String tokenType = r.tokenType();
    if (w.tokenType() != null) {
      if (!TOKEN_TYPES.contains(w.tokenType())) {
        throw LeaseholdException.invalid("INVALID_TOKEN_TYPE",
            "invalid 'token_type' value \"" + w.tokenType() + "\"");
      }
      tokenType = w.tokenType();
    }
    boolean noDefault = w.tokenNoDefaultPolicy() != null
        ? w.tokenNoDefaultPolicy() : r.tokenNoDefaultPolicy();
    long numUses = r.tokenNumUses();
    if (w.tokenNumUses() != null) {
      nonNegative("token_num_uses", w.tokenNumUses());
      numUses = w.tokenNumUses();
    }
    return new TokenRole(r.name(), allowed, disallowed, allowedGlob, disallowedGlob, orphan,
        renewable, suffix, aliases, tokenPeriod, legacyPeriod, tokenMax, legacyMax, tokenCidrs,
        legacyCidrs, tokenType, noDefault, numUses);
  }

  private static void validate(TokenRole role) {
    if (role.tokenType().equals("batch")) {
      String prefix = "'token_type' cannot be 'batch' when role is set to generate ";
      if (!role.orphan()) {
        throw LeaseholdException.invalid("INVALID_BATCH_ROLE", prefix + "non-orphan tokens");
      }
      if (role.tokenPeriod() != 0 || role.legacyPeriod() != 0) {
        throw LeaseholdException.invalid("INVALID_BATCH_ROLE", prefix + "periodic tokens");
      }
      if (role.renewable()) {
        throw LeaseholdException.invalid("INVALID_BATCH_ROLE", prefix + "renewable tokens");
      }
      if (role.tokenExplicitMaxTtl() != 0 || role.legacyExplicitMaxTtl() != 0) {
        throw LeaseholdException.invalid("INVALID_BATCH_ROLE",
            prefix + "tokens with an explicit max TTL");
      }
    }
  }

  private static void nonNegative(String field, long value) {
    if (value < 0) {
      throw LeaseholdException.invalid("INVALID_ROLE_FIELD",
          "error parsing role fields: '" + field + "' cannot be negative");
    }
  }

  private static void checkCidrs(String field, List<String> cidrs) {
    for (String c : cidrs) {
      if (!Cidrs.valid(c.strip())) {
        throw LeaseholdException.invalid("INVALID_ROLE_FIELD",
            "error parsing role fields: invalid CIDR \"" + c + "\" in '" + field + "'");
      }
    }
  }

  private static List<String> trimmed(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (!v.isBlank()) {
        out.add(v.strip());
      }
    }
    return out;
  }

  private static byte[] key(String name) {
    return Keys.of("role/" + name);
  }

  private static byte[] encode(TokenRole r) {
    return StoredRole.newBuilder()
        .setName(r.name())
        .addAllAllowedPolicies(r.allowedPolicies())
        .addAllDisallowedPolicies(r.disallowedPolicies())
        .addAllAllowedPoliciesGlob(r.allowedPoliciesGlob())
        .addAllDisallowedPoliciesGlob(r.disallowedPoliciesGlob())
        .setOrphan(r.orphan())
        .setRenewable(r.renewable())
        .setPathSuffix(r.pathSuffix())
        .addAllAllowedEntityAliases(r.allowedEntityAliases())
        .setTokenPeriodSeconds(r.tokenPeriod())
        .setLegacyPeriodSeconds(r.legacyPeriod())
        .setTokenExplicitMaxTtlSeconds(r.tokenExplicitMaxTtl())
        .setLegacyExplicitMaxTtlSeconds(r.legacyExplicitMaxTtl())
        .addAllTokenBoundCidrs(r.tokenBoundCidrs())
        .addAllLegacyBoundCidrs(r.legacyBoundCidrs())
        .setTokenType(r.tokenType())
        .setTokenNoDefaultPolicy(r.tokenNoDefaultPolicy())
        .setTokenNumUses(r.tokenNumUses())
        .build()
        .toByteArray();
  }

  private static TokenRole decode(byte[] bytes) {
    StoredRole s;
    try {
      s = StoredRole.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt role entry", e);
    }
    return new TokenRole(s.getName(), s.getAllowedPoliciesList(), s.getDisallowedPoliciesList(),
        s.getAllowedPoliciesGlobList(), s.getDisallowedPoliciesGlobList(), s.getOrphan(),
        s.getRenewable(), s.getPathSuffix(), s.getAllowedEntityAliasesList(),
        s.getTokenPeriodSeconds(), s.getLegacyPeriodSeconds(), s.getTokenExplicitMaxTtlSeconds(),
        s.getLegacyExplicitMaxTtlSeconds(), s.getTokenBoundCidrsList(),
        s.getLegacyBoundCidrsList(), s.getTokenType(), s.getTokenNoDefaultPolicy(),
        s.getTokenNumUses());
  }
}
