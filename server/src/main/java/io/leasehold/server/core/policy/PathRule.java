package io.leasehold.server.core.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code path "..." { ... }} block of a policy, parsed and validated.
 *
 * @param pattern the path as written, less a leading {@code /}; a trailing {@code *} is kept
 * @param kind how the pattern matches request paths
 * @param templated whether the pattern holds an identity template ({@code {{identity.entity.id}}});
 *     Leasehold has no identities, so such a rule never matches (Vault drops it for tokens without
 *     an entity)
 * @param capabilities what the rule grants; exactly {@code [DENY]} when it denies
 * @param allowedParameters lower-cased parameter name (or {@code *}) → allowed values; an empty list
 *     allows any value. Values are {@code String} (may glob with a leading or trailing {@code *}),
 *     {@code BigDecimal}, {@code Boolean} or {@code List} of those
 * @param deniedParameters same shape; an empty list denies any value
 * @param requiredParameters names the request must carry
 * @param minWrappingTtl zero when not set
 * @param maxWrappingTtl zero when not set
 */
public record PathRule(
    String pattern,
    Kind kind,
    boolean templated,
    Set<Capability> capabilities,
    Map<String, List<Object>> allowedParameters,
    Map<String, List<Object>> deniedParameters,
    List<String> requiredParameters,
    Duration minWrappingTtl,
    Duration maxWrappingTtl) {

  /** How a pattern matches. */
  public enum Kind {
    /** The request path must equal the pattern. */
    EXACT,
    /** A trailing {@code *} and no {@code +} segment: the request path must start with the pattern less its {@code *}. */
    PREFIX,
    /**
     * Has {@code +} segments (each matches exactly one path segment), optionally with a trailing
     * {@code *} on the last segment.
     */
    SEGMENT_WILDCARD,
  }

  public PathRule {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(kind, "kind");
    capabilities = Collections.unmodifiableSet(
        capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities));
    allowedParameters = copy(allowedParameters);
    deniedParameters = copy(deniedParameters);
    requiredParameters = List.copyOf(requiredParameters);
    Objects.requireNonNull(minWrappingTtl, "minWrappingTtl");
    Objects.requireNonNull(maxWrappingTtl, "maxWrappingTtl");
  }

  /** A rule with only capabilities, e.g. {@code PathRule.of("secret/*", READ, LIST)}. */
  public static PathRule of(String pattern, Capability... capabilities) {
    String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    caps.addAll(List.of(capabilities));
    if (caps.contains(Capability.DENY)) {
      caps = EnumSet.of(Capability.DENY);
    }
    return new PathRule(p, kindOf(p), p.contains("{{"), caps, Map.of(), Map.of(), List.of(),
        Duration.ZERO, Duration.ZERO);
  }

  /**
   * Vault's classification of a (leading-{@code /}-stripped) pattern: it has segment wildcards when
   * it is {@code +}, starts with {@code +/} or contains {@code /+}; otherwise a trailing {@code *}
   * makes it a prefix rule. (So {@code a/+b} counts as a segment-wildcard rule whose {@code +b}
   * segment matches only itself, exactly as in Vault.)
   */
  public static Kind kindOf(String pattern) {
    if (pattern.equals("+") || pattern.startsWith("+/") || pattern.contains("/+")) {
      return Kind.SEGMENT_WILDCARD;
    }
    return pattern.endsWith("*") ? Kind.PREFIX : Kind.EXACT;
  }

  /** Whether the pattern ends in {@code *} (a prefix rule, or a segment-wildcard rule with a glob). */
  public boolean isGlob() {
    return kind != Kind.EXACT && pattern.endsWith("*");
  }

  /**
   * The string rules are merged on: rules with the same key and kind in any policies of a set are
   * one rule. A prefix rule's key lacks the {@code *}; the others are the pattern itself.
   */
  public String key() {
    return kind == Kind.PREFIX ? pattern.substring(0, pattern.length() - 1) : pattern;
  }

  /** Whether this rule denies everything on its path. */
  public boolean denies() {
    return capabilities.contains(Capability.DENY);
  }

  private static Map<String, List<Object>> copy(Map<String, List<Object>> in) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(Objects.requireNonNull(k), List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }
}
