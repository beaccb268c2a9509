package io.leasehold.server.core.policy;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of policies compiled for fast checks: Vault's {@code ACL} ({@code acl.go}).
 *
 * <p>A request path is matched against one rule only:
 * <ol>
 *   <li>the exact rule for the path;
 *   <li>for LIST, the exact rule for the path without its trailing {@code /};
 *   <li>for LIST of a path ending in {@code /}, the best non-exact rule for the path without it;
 *   <li>the best non-exact rule for the path: the longest matching prefix rule or a matching
 *       {@code +} rule, whichever ranks higher (see {@link #RANK}).
 * </ol>
 * No rule: denied. Rules with the same path string from any policies of the set are merged first
 * (capabilities join; a deny on that path string wins over everything else on it), but a deny on a
 * less specific rule does not override a more specific one.
 *
 * <p>Compiled once per policy set and immutable, so safe to share between threads. Exact rules
 * are one hash lookup; prefix rules are a binary search over their sorted keys; {@code +} rules are
 * tried best first, stopping as soon as one matches or the rest rank below the prefix rule found.
 */
public final class Acl {
  private static final Acl ROOT = new Acl(true, Map.of(), List.of(), List.of());
  private static final Acl NONE = new Acl(false, Map.of(), List.of(), List.of());

  private final boolean root;
  private final Map<String, Permissions> exact;
  /** Prefix rules' keys (the pattern less {@code *}), sorted; parallel arrays below. */
  private final String[] prefixKeys;
  private final Permissions[] prefixPerms;
  private final Rank[] prefixRanks;
  /** Index of the longest other key that is a proper prefix of this one, or -1. */
  private final int[] prefixParent;
  /** Segment-wildcard rules, highest rank first. */
  private final SegmentRule[] segmentRules;

  private Acl(boolean root, Map<String, Permissions> exact, List<Map.Entry<String, Permissions>> prefixes,
      List<SegmentRule> segmentRules) {
    this.root = root;
    this.exact = exact;
    int n = prefixes.size();
    this.prefixKeys = new String[n];
    this.prefixPerms = new Permissions[n];
    this.prefixRanks = new Rank[n];
    this.prefixParent = new int[n];
    Deque<Integer> ancestors = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      String key = prefixes.get(i).getKey();
      prefixKeys[i] = key;
      prefixPerms[i] = prefixes.get(i).getValue();
      // Vault ranks a prefix rule as if its glob stood at the end of its key.
      prefixRanks[i] = new Rank(utf8Length(key), true, 0, utf8Length(key), key);
      // Sorted order visits a trie depth first: the keys on the stack are the prefixes of the
      // previous key; those that are not prefixes of this one are prefixes of no later key.
      while (!ancestors.isEmpty() && !key.startsWith(prefixKeys[ancestors.peek()])) {
        ancestors.pop();
      }
      prefixParent[i] = ancestors.isEmpty() ? -1 : ancestors.peek();
      ancestors.push(i);
    }
    this.segmentRules = segmentRules.toArray(new SegmentRule[0]);
  }

  /** The root ACL: everything allowed, sudo everywhere. */
  public static Acl root() {
    return ROOT;
  }

  /**
   * Compiles a policy set. A set holding {@code root} must hold nothing else, and is the root ACL.
   * Rules whose path holds an identity template are left out: Leasehold tokens have no entity, and
   * Vault drops such rules for tokens without one.
   *
   * @throws LeaseholdException INVALID_ARGUMENT {@code other policies present along with root}
   */
  public static Acl of(List<Policy> policies) {
    for (Policy p : policies) {
      if (p.name().equals(Policy.ROOT_NAME)) {
        if (policies.size() != 1) {
          throw LeaseholdException.invalid("ROOT_POLICY_NOT_ALONE",
              "other policies present along with root");
        }
        return ROOT;
      }
    }
    Map<String, Permissions> exact = new HashMap<>();
    Map<String, Permissions> prefix = new HashMap<>();
    Map<String, Permissions> segment = new LinkedHashMap<>();
    for (Policy p : policies) {
      for (PathRule rule : p.rules()) {
        if (rule.templated()) {
          continue;
        }
        Map<String, Permissions> into = switch (rule.kind()) {
          case EXACT -> exact;
          case PREFIX -> prefix;
          case SEGMENT_WILDCARD -> segment;
        };
        Permissions have = into.get(rule.key());
        if (have == null) {
          into.put(rule.key(), Permissions.of(rule));
        } else {
          have.merge(rule);
        }
      }
    }
    if (exact.isEmpty() && prefix.isEmpty() && segment.isEmpty()) {
      return NONE;
    }
    exact.values().forEach(Permissions::seal);
    List<Map.Entry<String, Permissions>> prefixes = new ArrayList<>(prefix.entrySet());
    prefixes.forEach(e -> e.getValue().seal());
    prefixes.sort(Map.Entry.comparingByKey());
    List<SegmentRule> segments = new ArrayList<>();
    segment.forEach((pattern, perms) -> segments.add(SegmentRule.of(pattern, perms.seal())));
    segments.sort(Comparator.comparing(SegmentRule::rank, RANK).reversed());
    return new Acl(false, Map.copyOf(exact), prefixes, segments);
  }

  /** {@link #of(List)} of the given policies. */
  public static Acl of(Policy... policies) {
    return of(List.of(policies));
  }

  /** Whether this is the root ACL. */
  public boolean isRoot() {
    return root;
  }

  /** {@link #check(String, Operation, Map, boolean)} with no parameters and no sudo needed. */
  public AclDecision check(String path, Operation op) {
    return check(path, op, Map.of(), false);
  }

  /**
   * Decides one request.
   *
   * @param path the request's logical path, e.g. {@code auth/token/lookup-self} (leading
   *     {@code /}s are ignored)
   * @param op the operation; it needs the capability of the same name
   * @param params the request's data (values {@code String}, {@code Number}, {@code Boolean},
   *     {@code List}); checked against the matched rule's parameter constraints for read, create,
   *     update and patch, as Vault does. {@code null} means none.
   * @param sudoRequired whether the path is root-protected, so {@code sudo} is needed as well
   * @return allowed or not, and whether sudo is held on the path
   */
  public AclDecision check(String path, Operation op, Map<String, ?> params, boolean sudoRequired) {
    if (root) {
      return AclDecision.ROOT;
    }
    Permissions p = find(stripLeadingSlashes(path), op == Operation.LIST);
    if (p == null) {
      return AclDecision.DENIED;
    }
    boolean sudo = p.has(Capability.SUDO);
    boolean allowed = p.has(Capability.of(op))
        && !p.needsWrapping
        && (!p.checksParameters || !checksParameters(op)
            || ParameterRules.allow(p, params == null ? Map.of() : params))
        && (!sudoRequired || sudo);
    return AclDecision.of(allowed, sudo);
  }

  /**
   * The capabilities of the one rule that decides {@code path} (matched as for LIST, so a trailing
   * {@code /} may fall back to the path without it), as {@code sys/capabilities} reports them:
   * {@code [ROOT]} for the root ACL, {@code [DENY]} for a deny rule, empty when no rule matches
   * (which also means deny).
   */
  public Set<Capability> capabilities(String path) {
    if (root) {
      return Collections.unmodifiableSet(EnumSet.of(Capability.ROOT));
    }
    Permissions p = find(stripLeadingSlashes(path), true);
    Set<Capability> out = EnumSet.noneOf(Capability.class);
    if (p != null) {
      for (Capability c : Capability.values()) {
        if (p.has(c)) {
          out.add(c);
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * {@link #capabilities} in Vault's words and order: {@code ["root"]}, {@code ["deny"]} (a deny
   * rule, no rule, or a rule that grants nothing), or some of {@code sudo, read, list, update,
   * delete, create, patch} in that order.
   */
  public List<String> capabilityNames(String path) {
    Set<Capability> caps = capabilities(path);
    if (caps.contains(Capability.ROOT)) {
      return List.of("root");
    }
    if (caps.contains(Capability.DENY)) {
      return List.of("deny");
    }
    List<String> names = new ArrayList<>();
    for (Capability c : VAULT_ORDER) {
      if (caps.contains(c)) {
        names.add(c.text());
      }
    }
    return names.isEmpty() ? List.of("deny") : List.copyOf(names);
  }

  private static final List<Capability> VAULT_ORDER = List.of(Capability.SUDO, Capability.READ,
      Capability.LIST, Capability.UPDATE, Capability.DELETE, Capability.CREATE, Capability.PATCH);

  /**
   * Whether the rule that decides {@code path} (matched as for a read) grants {@code sudo}, as
   * Vault's {@code SudoPrivilege}. Root always has it.
   */
  public boolean hasSudo(String path) {
    if (root) {
      return true;
    }
    Permissions p = find(stripLeadingSlashes(path), false);
    return p != null && p.has(Capability.SUDO);
  }

  private static boolean checksParameters(Operation op) {
    return op == Operation.READ || op == Operation.UPDATE || op == Operation.CREATE
        || op == Operation.PATCH;
  }

  private Permissions find(String path, boolean list) {
    Permissions p = exact.get(path);
    if (p != null) {
      return p;
    }
    if (list && path.endsWith("/")) {
      String trimmed = path.substring(0, path.length() - 1);
      p = exact.get(trimmed);
      if (p != null) {
        return p;
      }
      // Rules with a trailing glob may match the path without the slash: look there first.
      p = nonExact(trimmed);
      if (p != null) {
        return p;
      }
    }
    return nonExact(path);
  }

  private Permissions nonExact(String path) {
    int prefix = longestPrefix(path);
    if (segmentRules.length > 0) {
      Rank prefixRank = prefix < 0 ? null : prefixRanks[prefix];
      int[] bounds = null;
      for (SegmentRule rule : segmentRules) {
        if (prefixRank != null && RANK.compare(rule.rank(), prefixRank) < 0) {
          break; // this one and all after it rank below the prefix rule
        }
        if (bounds == null) {
          bounds = segmentBounds(path);
        }
        if (rule.matches(path, bounds)) {
          return rule.perms();
        }
      }
    }
    return prefix < 0 ? null : prefixPerms[prefix];
  }

  /** Index of the longest prefix key that {@code path} starts with, or -1. */
  private int longestPrefix(String path) {
    int lo = 0;
    int hi = prefixKeys.length - 1;
    int floor = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (prefixKeys[mid].compareTo(path) <= 0) {
        floor = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (floor < 0) {
      return -1;
    }
    // Every key that is a prefix of path sorts between itself and path, so it is also a prefix
    // of the floor key: walk the floor key's chain of prefixes down to the common part.
    String f = prefixKeys[floor];
    int common = 0;
    int max = Math.min(f.length(), path.length());
    while (common < max && f.charAt(common) == path.charAt(common)) {
      common++;
    }
    int i = floor;
    while (i >= 0 && prefixKeys[i].length() > common) {
      i = prefixParent[i];
    }
    return i;
  }

  /** Start of each {@code /}-separated segment, plus {@code length + 1} as the end sentinel. */
  private static int[] segmentBounds(String path) {
    int n = 1;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        n++;
      }
    }
    int[] bounds = new int[n + 1];
    int k = 1;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        bounds[k++] = i + 1;
      }
    }
    bounds[n] = path.length() + 1;
    return bounds;
  }

  private static String stripLeadingSlashes(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return i == 0 ? path : path.substring(i);
  }

  /**
   * Where a non-exact rule stands among matches (Vault's order; the lengths and positions count
   * UTF-8 bytes as Go does).
   *
   * @param firstWildcard where the first {@code +} is, or for a prefix rule the length of its key
   * @param prefix whether it ends in {@code *}
   * @param wildcards its number of {@code +} segments
   * @param length the length of the pattern less a trailing {@code *}
   * @param path the pattern less a trailing {@code *}
   */
  record Rank(int firstWildcard, boolean prefix, int wildcards, int length, String path) {}

  /**
   * Lowest first: the earlier the first wildcard, the lower; a prefix rule below a non-prefix one;
   * more {@code +} segments lower; shorter lower; lexicographically smaller lower.
   */
  static final Comparator<Rank> RANK = (a, b) -> {
    if (a.firstWildcard != b.firstWildcard) {
      return Integer.compare(a.firstWildcard, b.firstWildcard);
    }
    if (a.prefix != b.prefix) {
      return a.prefix ? -1 : 1;
    }
    if (a.wildcards != b.wildcards) {
      return Integer.compare(b.wildcards, a.wildcards);
    }
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    return compareCodePoints(a.path, b.path);
  };

  /** A {@code +} rule, split into segments once. */
  private record SegmentRule(String[] parts, boolean[] wild, boolean prefix, Rank rank,
      Permissions perms) {
    static SegmentRule of(String pattern, Permissions perms) {
      boolean prefix = pattern.endsWith("*");
      String path = prefix ? pattern.substring(0, pattern.length() - 1) : pattern;
      String[] parts = path.split("/", -1);
      boolean[] wild = new boolean[parts.length];
      int wildcards = 0;
      for (int i = 0; i < parts.length; i++) {
        wild[i] = parts[i].equals("+");
        if (wild[i]) {
          wildcards++;
        }
      }
      int first = utf8Length(pattern.substring(0, pattern.indexOf('+')));
      return new SegmentRule(parts, wild, prefix,
          new Rank(first, prefix, wildcards, utf8Length(path), path), perms);
    }

    /** Vault's segment match: {@code +} takes any one segment; a glob only ends the last one. */
    boolean matches(String path, int[] bounds) {
      int n = parts.length;
      int segments = bounds.length - 1;
      if (segments < n || (!prefix && segments != n)) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (wild[i]) {
          continue;
        }
        String part = parts[i];
        int start = bounds[i];
        int length = bounds[i + 1] - 1 - start;
        if (length == part.length() && path.regionMatches(start, part, 0, length)) {
          continue;
        }
        if (prefix && i == n - 1 && length >= part.length()
            && path.regionMatches(start, part, 0, part.length())) {
          continue;
        }
        return false;
      }
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return rank.path() + (prefix ? "*" : "") + " " + Arrays.toString(parts);
    }
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Order by code point, which is the order of the UTF-8 bytes Go compares. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
