package io.leasehold.server.core.auth.approle;

import io.leasehold.server.core.Durations;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.token.Cidrs;
import io.leasehold.server.core.token.PolicyNames;
import io.leasehold.server.internal.v1.StoredAppRole;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of an AppRole role write, with Vault's texts: applies the set fields of a write to the
 * current role and checks the result. Pure: no storage.
 */
final class AppRoleRules {
  private AppRoleRules() {}

  /**
   * The role after {@code w}.
   *
   * @param base the current role (a new role's defaults when {@code create})
   * @param mountMax the mount's effective max TTL, seconds
   * @param warnings receives Vault's warnings
   * @throws LeaseholdException INVALID_ARGUMENT
   */
  static StoredAppRole apply(StoredAppRole base, AppRoleWrite w, boolean create, long mountMax,
      List<String> warnings) {
    StoredAppRole.Builder b = base.toBuilder();
    if (w.localSecretIds() != null) {
      if (!create) {
        throw invalid("local_secret_ids can only be modified during role creation");
      }
      b.setLocalSecretIds(w.localSecretIds());
    }
    if (w.roleId() != null) {
      if (w.roleId().strip().isEmpty()) {
        throw invalid("missing role_id");
      }
      b.setRoleId(w.roleId().strip());
    }
    if (w.bindSecretId() != null) {
      b.setBindSecretId(w.bindSecretId());
    }
    List<String> secretCidrs = w.secretIdBoundCidrs() != null ? w.secretIdBoundCidrs()
        : w.boundCidrList();
    if (secretCidrs != null) {
      b.clearSecretIdBoundCidrs().addAllSecretIdBoundCidrs(cidrs(secretCidrs));
      b.setLegacyBoundCidrList(w.secretIdBoundCidrs() == null);
    }
    if (w.secretIdNumUses() != null) {
      if (w.secretIdNumUses() < 0) {
        throw invalid("secret_id_num_uses cannot be negative");
      }
      b.setSecretIdNumUses(w.secretIdNumUses());
    }
    if (w.secretIdTtl() != null) {
      if (w.secretIdTtl() < 0) {
        throw invalid("secret_id_ttl cannot be negative");
      }
      b.setSecretIdTtlSeconds(w.secretIdTtl());
    }
    if (w.tokenPolicies() != null) {
      b.clearTokenPolicies().addAllTokenPolicies(PolicyNames.clean(split(w.tokenPolicies())));
      b.clearLegacyPolicies();
    } else if (w.policies() != null) {
      List<String> p = PolicyNames.clean(split(w.policies()));
      b.clearTokenPolicies().addAllTokenPolicies(p);
      b.clearLegacyPolicies().addAllLegacyPolicies(p);
    }
    if (w.tokenTtl() != null) {
      b.setTokenTtlSeconds(nonNegative("token_ttl", w.tokenTtl()));
    }
    if (w.tokenMaxTtl() != null) {
      b.setTokenMaxTtlSeconds(nonNegative("token_max_ttl", w.tokenMaxTtl()));
    }
    if (w.tokenPeriod() != null) {
      b.setTokenPeriodSeconds(nonNegative("token_period", w.tokenPeriod()));
      b.setLegacyPeriodSeconds(0);
    } else if (w.period() != null) {
      long period = nonNegative("period", w.period());
      if (period > mountMax) {
        throw invalid("period of \"" + Durations.human(period)
            + "\" is greater than the backend's maximum lease TTL of \""
            + Durations.human(mountMax) + "\"");
      }
      b.setTokenPeriodSeconds(period);
      b.setLegacyPeriodSeconds(period);
    }
    if (w.tokenExplicitMaxTtl() != null) {
      b.setTokenExplicitMaxTtlSeconds(nonNegative("token_explicit_max_ttl",
          w.tokenExplicitMaxTtl()));
    }
    if (w.tokenNumUses() != null) {
      b.setTokenNumUses(nonNegative("token_num_uses", w.tokenNumUses()));
    }
    if (w.tokenNoDefaultPolicy() != null) {
      b.setTokenNoDefaultPolicy(w.tokenNoDefaultPolicy());
    }
    if (w.tokenBoundCidrs() != null) {
      b.clearTokenBoundCidrs().addAllTokenBoundCidrs(cidrs(w.tokenBoundCidrs()));
    }
    if (w.tokenType() != null) {
      b.setTokenType(tokenType(w.tokenType(), warnings));
    }
    StoredAppRole role = b.build();
    check(role, mountMax, warnings);
    return role;
  }

  private static void check(StoredAppRole r, long mountMax, List<String> warnings) {
    if (r.getTokenType().equals("batch")) {
      if (r.getTokenPeriodSeconds() != 0) {
        throw invalid("'token_type' cannot be 'batch' or 'default_batch' when set to generate"
            + " periodic tokens");
      }
      if (r.getTokenNumUses() != 0) {
        throw invalid("'token_type' cannot be 'batch' or 'default_batch' when set to generate"
            + " tokens with limited use count");
      }
    }
    if (r.getTokenTtlSeconds() > 0 && r.getTokenMaxTtlSeconds() > 0
        && r.getTokenTtlSeconds() > r.getTokenMaxTtlSeconds()) {
      throw invalid("'token_ttl' cannot be greater than 'token_max_ttl'");
    }
    if (r.getTokenMaxTtlSeconds() > mountMax) {
      warnings.add("token_max_ttl is greater than the backend mount's maximum TTL value; issued"
          + " tokens' max TTL value will be truncated");
    }
    if (!hasConstraint(r)) {
      throw invalid("at least one constraint should be enabled on the role");
    }
  }

  /** Whether logins with the role are constrained at all (a secret ID or a CIDR binding). */
  static boolean hasConstraint(StoredAppRole r) {
    return r.getBindSecretId() || r.getSecretIdBoundCidrsCount() > 0
        || r.getTokenBoundCidrsCount() > 0;
  }

  private static String tokenType(String requested, List<String> warnings) {
    return switch (requested) {
      case "service", "batch" -> requested;
      case "default-service" -> {
        warnings.add("default-service has no useful meaning; adjusting to service");
        yield "service";
      }
      case "default-batch" -> {
        warnings.add("default-batch has no useful meaning; adjusting to batch");
        yield "batch";
      }
      case "default" -> "";
      default -> throw invalid("invalid 'token_type' value \"" + requested + "\"");
    };
  }

  /** Trimmed, non-blank CIDR blocks, each checked. */
  static List<String> cidrs(List<String> values) {
    List<String> out = split(values);
    for (String c : out) {
      if (!Cidrs.valid(c)) {
        throw invalid("failed to validate CIDR blocks: invalid CIDR address: " + c);
      }
    }
    return out;
  }

  /**
   * Vault's comma-string lists: each value may hold several, comma-separated ({@code "a, b"} as
   * the CLI sends {@code policies="a, b"}); blanks are dropped.
   */
  private static List<String> split(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  private static long nonNegative(String field, long value) {
    if (value < 0) {
      throw invalid("'" + field + "' cannot be negative");
    }
    return value;
  }

  static LeaseholdException invalid(String message) {
    return LeaseholdException.invalid("INVALID_APPROLE_FIELD", message);
  }
}
