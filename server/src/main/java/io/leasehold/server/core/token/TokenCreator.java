package io.leasehold.server.core.token;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.batch.BatchTokenCodec;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.mount.MountTune;
import io.leasehold.server.core.policy.PolicyCatalog;
import io.leasehold.server.core.request.AccessControl;
import io.leasehold.server.internal.v1.BatchTokenClaims;
import io.leasehold.server.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes service tokens: every creation rule of Vault's token store (auth/token/create,
 * create-orphan and create/ROLE), checked in Vault's order with Vault's texts, and one atomic write
 * of the entry with its indexes.
 */
public final class TokenCreator {
  private static final Pattern DISPLAY_NAME_UNSAFE = Pattern.compile("[^a-zA-Z0-9-]");
  private static final List<String> NOT_ASSIGNABLE = List.of("response-wrapping");
  static final String CUSTOM_ID_WARNING = "Supplying a custom ID for the token uses the weaker SHA1"
      + " hashing instead of the more secure SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens"
      + " on the wire leads to less secure lookups.";

  private final TokenRepository tokens;
  private final RoleStore roles;
  private final AuthMounts mounts;
  private final AccessControl acl;
  private final PolicyCatalog policies;
  private final TokenIds ids;
  private final BatchTokenCodec batchTokens;
  private final Clock clock;

  public TokenCreator(TokenRepository tokens, RoleStore roles, AuthMounts mounts,
      AccessControl acl, PolicyCatalog policies, TokenIds ids, BatchTokenCodec batchTokens,
      Clock clock) {
    this.tokens = tokens;
    this.roles = roles;
    this.mounts = mounts;
    this.acl = acl;
    this.policies = policies;
    this.ids = ids;
    this.batchTokens = batchTokens;
    this.clock = clock;
  }

  /** Which creation endpoint was called. */
  public enum Endpoint {
    CREATE,
    CREATE_ORPHAN,
    CREATE_AGAINST_ROLE
  }

  /**
   * Creates a token as a child of {@code parent} (the caller's token, after its use was spent).
   *
   * @param roleName the role for {@link Endpoint#CREATE_AGAINST_ROLE}, else ignored
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's text for every refused request
   */
  public CreatedToken create(TokenEntry parent, Endpoint endpoint, String roleName,
      CreateRequest r) {
    String reqPath = switch (endpoint) {
      case CREATE -> "create";
      case CREATE_ORPHAN -> "create-orphan";
      case CREATE_AGAINST_ROLE -> "create/" + RoleStore.normalizeName(roleName);
    };
    // 1-3: the parent must be able to have children.
    if (parent.numUses() == -1) {
      throw invalid("PARENT_NOT_FOUND", "parent token lookup failed: no parent found");
    }
    if (parent.batch()) {
      throw invalid("BATCH_PARENT", "batch tokens cannot create more tokens");
    }
    if (parent.numUses() > 0) {
      throw invalid("USE_LIMITED_PARENT", "restricted use token cannot generate child tokens");
    }
    boolean sudo = acl.hasSudo(parent, "auth/token/" + reqPath);

    // 6: role and token type.
    TokenRole role = null;
    if (endpoint == Endpoint.CREATE_AGAINST_ROLE) {
      String name = RoleStore.normalizeName(roleName);
      role = roles.read(name).orElseThrow(() -> invalid("UNKNOWN_ROLE", "unknown role " + name));
    }
    String type = resolveType(role, r.type());
    boolean batch = type.equals("batch");
    switch (type) {
      case "", "service" -> { }
      case "batch" -> {
        if (r.explicitMaxTtl() != 0) {
          throw invalid("BATCH_FORBIDDEN_FIELD", "batch tokens cannot have \"explicit_max_ttl\" set");
        }
        if (r.numUses() != 0) {
          throw invalid("BATCH_FORBIDDEN_FIELD", "batch tokens cannot have \"num_uses\" set");
        }
        if (r.period() != 0) {
          throw invalid("BATCH_FORBIDDEN_FIELD", "batch tokens cannot have \"period\" set");
        }
      }
      default -> throw invalid("INVALID_TOKEN_TYPE", "invalid 'token_type' value");
    }

    // 7: uses.
    if (r.numUses() < 0) {
      throw invalid("NEGATIVE_NUM_USES", "number of uses cannot be negative");
    }

    // 9: skeleton and role merge.
    String path = "auth/token/" + reqPath;
    boolean renewable = !batch && (r.renewable() == null || r.renewable());
    long numUses = r.numUses();
    if (role != null) {
      if (!role.pathSuffix().isEmpty()) {
        path = path + "/" + role.pathSuffix();
      }
      renewable = renewable && role.renewable();
      if (role.tokenNumUses() != 0) {
        numUses = numUses == 0 ? role.tokenNumUses() : Math.min(numUses, role.tokenNumUses());
      }
    }

    // 10: display name.
    String displayName = "token";
    if (!r.displayName().isEmpty()) {
      String full = DISPLAY_NAME_UNSAFE.matcher("token-" + r.displayName()).replaceAll("-");
      displayName = full.endsWith("-") ? full.substring(0, full.length() - 1) : full;
    }

    // 11: custom ID needs sudo.
    if (!r.id().isEmpty() && !sudo) {
      throw invalid("SUDO_REQUIRED", "root or sudo privileges required to specify token id");
    }

    // 12-13: policies.
    List<String> finalPolicies = resolvePolicies(parent, role, r, sudo);
    for (String p : finalPolicies) {
      if (NOT_ASSIGNABLE.contains(p)) {
        throw invalid("POLICY_NOT_ASSIGNABLE", "cannot assign policy \"" + p + "\"");
      }
    }
    boolean root = finalPolicies.contains(PolicyNames.ROOT);
    if (root && !parent.isRoot()) {
      throw invalid("ROOT_PARENT_REQUIRED",
          "root tokens may not be created without parent token being root");
    }
    if (root && batch) {
      throw invalid("BATCH_ROOT", "batch tokens cannot be root tokens");
    }

    // 14-15: orphan or child.
    boolean orphan;
    List<String> boundCidrs = List.of();
    if (role != null) {
      orphan = role.orphan();
      boundCidrs = role.tokenBoundCidrs();
    } else if (r.noParent()) {
      if (!sudo) {
        throw invalid("SUDO_REQUIRED", "root or sudo privileges required to create orphan token");
      }
      orphan = true;
    } else {
      orphan = endpoint == Endpoint.CREATE_ORPHAN;
    }
    if (!orphan && role == null) {
      boundCidrs = parent.boundCidrs();
    }

    // 16: durations.
    if (r.explicitMaxTtl() < 0) {
      throw invalid("NEGATIVE_DURATION", "explicit_max_ttl must be positive");
    }
    if (r.period() < 0) {
      throw invalid("NEGATIVE_DURATION", "period must be positive");
    }
    if (r.period() > 0 && !sudo) {
      throw invalid("SUDO_REQUIRED", "root or sudo privileges required to create periodic token");
    }
    if (r.ttl() < 0) {
      throw invalid("NEGATIVE_DURATION", "ttl must be positive");
    }

    // 17: TTL.
    List<String> warnings = new ArrayList<>();
    long now = clock.millis();
    long explicitMax = r.explicitMaxTtl();
    long period = r.period();
    if (role != null && !batch) {
      if (role.tokenExplicitMaxTtl() != 0) {
        if (explicitMax != 0) {
          explicitMax = Math.min(explicitMax, role.tokenExplicitMaxTtl());
          warnings.add("Explicit max TTL specified both during creation call and in role; using the"
              + " lesser value of " + explicitMax + " seconds");
        } else {
          explicitMax = role.tokenExplicitMaxTtl();
        }
      }
      if (role.tokenPeriod() != 0) {
        if (period != 0) {
          period = Math.min(period, role.tokenPeriod());
          warnings.add("Period specified both during creation call and in role; using the lesser"
              + " value of " + period + " seconds");
        } else {
          period = role.tokenPeriod();
        }
      }
    }
    long ttl = r.ttl();
    if (period > 0 || ttl > 0 || !root) {
      MountTune tune = mounts.tokenMountTune();
      TtlCalculator.Result result = TtlCalculator.calculate(new TtlCalculator.Input(
          tune.defaultLeaseTtl(), tune.maxLeaseTtl(), 0, ttl, period, 0, explicitMax,
          now / 1000, now / 1000));
      ttl = result.ttlSeconds();
      warnings.addAll(result.warnings());
    }
    if (ttl == 0 && explicitMax > 0) {
      ttl = explicitMax;
    }

    // 18: a token that never expires.
    if (ttl == 0) {
      if (parent.creationTtl() != 0) {
        throw invalid("EXPIRING_ROOT_PARENT",
            "expiring root tokens cannot create non-expiring root tokens");
      }
      renewable = false;
      boundCidrs = List.of();
    }

    if (batch) {
      if (!r.id().isEmpty()) {
        throw invalid("BATCH_CUSTOM_ID", "batch tokens cannot have a custom ID");
      }
      warnings.addAll(unknownPolicyWarnings(finalPolicies));
      return sealBatch(parent, orphan, finalPolicies, path, r, displayName, role, now, ttl,
          warnings);
    }

    // 19-20: the ID.
    String tokenId;
    if (!r.id().isEmpty()) {
      warnings.add(CUSTOM_ID_WARNING);
      tokenId = r.id();
      checkCustomId(tokenId);
    } else {
      tokenId = ids.newServiceTokenId();
    }

    // 21: unknown policies.
    warnings.addAll(unknownPolicyWarnings(finalPolicies));

    TokenEntry entry = new TokenEntry(
        tokens.hashOf(tokenId),
        ids.newAccessor(),
        orphan ? "" : parent.hash(),
        finalPolicies,
        path,
        r.meta(),
        displayName,
        numUses,
        now,
        ttl,
        r.explicitMaxTtl(),
        r.period(),
        role == null ? "" : role.name(),
        renewable,
        true,
        now,
        ttl == 0 ? 0 : now + ttl * 1000,
        0,
        ttl,
        boundCidrs,
        TokenType.SERVICE);
    store(entry);
    return new CreatedToken(tokenId, entry, List.copyOf(warnings));
  }

  private List<String> unknownPolicyWarnings(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String p : names) {
      if (!policies.exists(p)) {
        out.add("Policy \"" + p + "\" does not exist");
      }
    }
    return out;
  }

  /** Seals a batch token: nothing is written anywhere. */
  private CreatedToken sealBatch(TokenEntry parent, boolean orphan, List<String> finalPolicies,
      String path, CreateRequest r, String displayName, TokenRole role, long now, long ttl,
      List<String> warnings) {
    BatchTokenClaims claims = BatchTokenClaims.newBuilder()
        .addAllPolicies(finalPolicies)
        .setIssueTimeMillis(now)
        .setTtlSeconds(ttl)
        .setParentHash(orphan ? "" : parent.hash())
        .setDisplayName(displayName)
        .putAllMeta(r.meta())
        .setPath(path)
        .setRole(role == null ? "" : role.name())
        .build();
    TokenEntry entry = new TokenEntry("", "", claims.getParentHash(), finalPolicies, path,
        r.meta(), displayName, 0, now, ttl, 0, 0, claims.getRole(), false, true, now,
        now + ttl * 1000, 0, ttl, List.of(), TokenType.BATCH);
    return new CreatedToken(batchTokens.seal(claims), entry, List.copyOf(warnings));
  }

  /**
   * Stores a token minted outside the request rules: the initial root token (dev mode, init,
   * generate-root): root policy, orphan, path {@code auth/token/root}, display name {@code root},
   * never expires and has no lease.
   */
  public CreatedToken createInitialRoot(Optional<String> customId) {
    String tokenId = customId.orElseGet(ids::newServiceTokenId);
    if (customId.isPresent()) {
      checkCustomId(tokenId);
    }
    long now = clock.millis();
    TokenEntry entry = new TokenEntry(tokens.hashOf(tokenId), ids.newAccessor(), "",
        List.of(PolicyNames.ROOT), "auth/token/root", java.util.Map.of(), "root", 0, now, 0, 0, 0,
        "", false, false, 0, 0, 0, 0, List.of(), TokenType.SERVICE);
    store(entry);
    return new CreatedToken(tokenId, entry, List.of());
  }

  private void store(TokenEntry entry) {
    tokens.storage().transact(tx -> {
      if (tokens.existsLocked(tx, entry.hash())) {
        throw invalid("DUPLICATE_TOKEN_ID", "cannot create a token with a duplicate ID");
      }
      if (!entry.orphan()) {
        // Shared: the parent cannot be revoked meanwhile, but its other children can be created
        // at the same time (their commits then share fsyncs).
        Optional<TokenEntry> parent = tokens.loadForShare(tx, entry.parentHash());
        if (parent.isEmpty() || parent.get().numUses() == -1) {
          throw invalid("PARENT_NOT_FOUND", "parent token not found");
        }
      }
      tokens.insert(tx, entry);
      return null;
    });
  }

  private static void checkCustomId(String id) {
    if (id.startsWith("hvs.")) {
      throw invalid("INVALID_TOKEN_ID", "custom token ID cannot have the 'hvs.' prefix");
    }
    if (id.startsWith(TokenIds.SERVICE_PREFIX)) {
      throw invalid("INVALID_TOKEN_ID", "custom token ID cannot have the 's.' prefix");
    }
    if (id.contains(".")) {
      throw invalid("INVALID_TOKEN_ID", "custom token ID cannot have a '.' in the value");
    }
  }

  private static String resolveType(TokenRole role, String requested) {
    if (role == null) {
      return requested;
    }
    return switch (role.tokenType()) {
      case "", "default-service" -> requested;
      case "default-batch" -> requested.isEmpty() ? "batch" : requested;
      case "service" -> "service";
      case "batch" -> "batch";
      default -> throw invalid("INVALID_ROLE_TOKEN_TYPE",
          "role being used for token creation contains invalid token type \"" + role.tokenType()
              + "\"");
    };
  }

  private static List<String> resolvePolicies(TokenEntry parent, TokenRole role, CreateRequest r,
      boolean sudo) {
    List<String> requested = r.policies();
    boolean ndp = r.noDefaultPolicy();
    List<String> result;
    if (role != null && role.hasPolicyLists()) {
      boolean addDefault = !ndp && !role.tokenNoDefaultPolicy()
          && !role.disallowedPolicies().contains(PolicyNames.DEFAULT)
          && !PolicyNames.anyGlobMatches(role.disallowedPoliciesGlob(), PolicyNames.DEFAULT);
      result = requested.isEmpty() ? List.of() : PolicyNames.sanitize(requested, addDefault);
      if (!role.allowedPolicies().isEmpty() || !role.allowedPoliciesGlob().isEmpty()) {
        List<String> allowed = PolicyNames.sanitize(role.allowedPolicies(), addDefault);
        if (result.isEmpty()) {
          result = allowed;
        } else {
          for (String p : result) {
            if (!allowed.contains(p)
                && !PolicyNames.anyGlobMatches(role.allowedPoliciesGlob(), p)) {
              throw invalid("POLICY_NOT_ALLOWED_BY_ROLE", "token policies (" + goQuote(result)
                  + ") must be subset of the role's allowed policies (" + goQuote(allowed)
                  + ") or glob policies (" + goQuote(role.allowedPoliciesGlob()) + ")");
            }
          }
        }
      } else if (result.isEmpty()) {
        result = PolicyNames.sanitize(parent.policies(), addDefault);
      }
      for (String p : result) {
        if (role.disallowedPolicies().contains(p)
            || PolicyNames.anyGlobMatches(role.disallowedPoliciesGlob(), p)) {
          throw invalid("POLICY_DISALLOWED_BY_ROLE",
              "token policy \"" + p + "\" is disallowed by this role");
        }
      }
    } else if (requested.isEmpty()) {
      result = PolicyNames.sanitize(parent.policies(), false);
    } else if (!sudo) {
      List<String> wanted = PolicyNames.sanitize(requested, false);
      List<String> have = PolicyNames.sanitize(parent.policies(), false);
      if (!have.containsAll(wanted)) {
        throw invalid("POLICIES_NOT_SUBSET", "child policies must be subset of parent");
      }
      result = PolicyNames.sanitize(requested, have.contains(PolicyNames.DEFAULT) && !ndp);
    } else {
      result = PolicyNames.sanitize(requested, !ndp);
    }
    if (ndp && result.contains(PolicyNames.DEFAULT)) {
      result = new ArrayList<>(result);
      result.remove(PolicyNames.DEFAULT);
    }
    return PolicyNames.sanitize(result, false);
  }

  /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
  static String goQuote(Collection<String> values) {
    StringBuilder b = new StringBuilder("[");
    boolean first = true;
    for (String v : values) {
      if (!first) {
        b.append(' ');
      }
      first = false;
      b.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append(']').toString();
  }

  private static LeaseholdException invalid(String reason, String message) {
    return LeaseholdException.invalid(reason, message);
  }
}
