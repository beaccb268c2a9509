package io.leasehold.server.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.core.request.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The compiled {@link Acl} against a brute-force reference written from BEHAVIOUR.md 11.3: for a
 * path, every rule is tried (regular expressions, no index), the matching non-exact ones are
 * ranked by the documented order, and the best one decides. Rule sets and paths use a tiny
 * alphabet so that matches, ties and merges are frequent. Each dynamic test names its seed; rerun
 * one by putting that seed in {@link #FIRST_SEED} with {@link #SEEDS} = 1.
 */
class AclRandomizedTest {
  private static final long FIRST_SEED = 20_240_611L;
  private static final int SEEDS = 40;
  private static final int RULE_SETS_PER_SEED = 100;
  private static final int PATHS_PER_RULE_SET = 30;

  private static final String[] SEGMENTS = {"a", "b", "ab", "ba"};
  private static final List<Capability> GRANTS = List.of(Capability.CREATE, Capability.READ,
      Capability.UPDATE, Capability.PATCH, Capability.DELETE, Capability.LIST, Capability.SUDO);

  @TestFactory
  Stream<DynamicTest> aclAgreesWithBruteForceReference() {
    return IntStream.range(0, SEEDS).mapToObj(i -> FIRST_SEED + i)
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed)));
  }

  private static void run(long seed) {
    Random rnd = new Random(seed);
    for (int set = 0; set < RULE_SETS_PER_SEED; set++) {
      List<String> pool = new ArrayList<>();
      List<List<GeneratedRule>> policies = new ArrayList<>();
      int policyCount = 1 + rnd.nextInt(3);
      for (int p = 0; p < policyCount; p++) {
        List<GeneratedRule> rules = new ArrayList<>();
        int n = 1 + rnd.nextInt(8);
        for (int r = 0; r < n; r++) {
          // Reuse a pattern now and then, so the same path string meets itself and merges.
          String pattern = !pool.isEmpty() && rnd.nextInt(4) == 0
              ? pool.get(rnd.nextInt(pool.size())) : pattern(rnd);
          pool.add(pattern);
          rules.add(new GeneratedRule(pattern, capabilities(rnd)));
        }
        policies.add(rules);
      }
      boolean json = rnd.nextBoolean();
      List<Policy> parsed = new ArrayList<>();
      for (int p = 0; p < policies.size(); p++) {
        String text = json ? json(policies.get(p)) : hcl(policies.get(p));
        parsed.add(PolicyParser.parse("p" + p, text));
      }
      Acl acl = Acl.of(parsed);
      Reference ref = new Reference(policies);
      for (int i = 0; i < PATHS_PER_RULE_SET; i++) {
        String path = path(rnd);
        String where = "seed " + seed + ", rule set " + set + " " + policies + ", path \"" + path + "\"";
        assertThat(acl.capabilities(path)).as("capabilities; %s", where)
            .isEqualTo(ref.decide(path, true));
        Set<Capability> asRead = ref.decide(path, false);
        assertThat(acl.hasSudo(path)).as("hasSudo; %s", where).isEqualTo(asRead.contains(Capability.SUDO));
        for (Operation op : Operation.values()) {
          Set<Capability> caps = ref.decide(path, op == Operation.LIST);
          boolean allowed = caps.contains(Capability.of(op));
          boolean sudo = caps.contains(Capability.SUDO);
          assertThat(acl.check(path, op, Map.of(), false))
              .as("%s; %s", op, where).isEqualTo(new AclDecision(allowed, sudo, false));
          assertThat(acl.check(path, op, Map.of(), true).allowed())
              .as("%s with sudo; %s", op, where).isEqualTo(allowed && sudo);
        }
      }
    }
  }

  record GeneratedRule(String pattern, Set<Capability> capabilities) {
    @Override
    public String toString() {
      return pattern + capabilities;
    }
  }

  private static String pattern(Random rnd) {
    int kind = rnd.nextInt(10);
    if (kind == 0) {
      return "*";
    }
    int n = 1 + rnd.nextInt(4);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(rnd.nextInt(10) < 3 ? "+" : SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
    }
    String p = String.join("/", parts);
    int end = rnd.nextInt(4);
    if (end == 1 && !p.endsWith("+")) {
      p += "*";
    } else if (end == 2) {
      p += "/*";
    } else if (end == 3 && !p.endsWith("+")) {
      p = p.substring(0, p.length() - 1) + "*"; // glob inside the last segment: "ab" -> "a*"
    }
    return rnd.nextInt(8) == 0 ? "/" + p : p;
  }

  private static Set<Capability> capabilities(Random rnd) {
    int k = rnd.nextInt(20);
    if (k == 0) {
      return EnumSet.noneOf(Capability.class);
    }
    if (k <= 2) {
      return EnumSet.of(Capability.DENY);
    }
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    for (Capability c : GRANTS) {
      if (rnd.nextInt(3) == 0) {
        caps.add(c);
      }
    }
    return caps;
  }

  private static String path(Random rnd) {
    int n = rnd.nextInt(6);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = rnd.nextInt(12);
      parts.add(k == 0 ? "" : k == 1 ? "+" : k == 2 ? "abb" : SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
    }
    String p = String.join("/", parts);
    if (rnd.nextInt(4) == 0) {
      p += "/";
    }
    return rnd.nextInt(10) == 0 ? "/" + p : p;
  }

  private static String hcl(List<GeneratedRule> rules) {
    StringBuilder b = new StringBuilder();
    for (GeneratedRule r : rules) {
      b.append("path \"").append(r.pattern()).append("\" {\n  capabilities = [");
      b.append(String.join(", ", r.capabilities().stream().map(c -> '"' + c.text() + '"').toList()));
      b.append("]\n}\n");
    }
    return b.toString();
  }

  private static String json(List<GeneratedRule> rules) {
    List<String> entries = new ArrayList<>();
    for (GeneratedRule r : rules) {
      entries.add("{\"" + r.pattern() + "\": {\"capabilities\": ["
          + String.join(",", r.capabilities().stream().map(c -> '"' + c.text() + '"').toList()) + "]}}");
    }
    return "{\"path\": [" + String.join(",", entries) + "]}";
  }

  /** Brute force, straight from the text of 11.3. */
  static final class Reference {
    private record Entry(String pattern, boolean exact, boolean prefix, boolean plus,
        Pattern regex, Set<Capability> caps) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Reference(List<List<GeneratedRule>> policies) {
      for (List<GeneratedRule> policy : policies) {
        for (GeneratedRule r : policy) {
          String p = r.pattern().startsWith("/") ? r.pattern().substring(1) : r.pattern();
          boolean plus = p.equals("+") || p.startsWith("+/") || p.contains("/+");
          boolean prefix = p.endsWith("*");
          boolean exact = !plus && !prefix;
          // The same path string: same text, where a plain prefix rule's text is without its '*'.
          String key = (exact ? "E:" : plus ? "W:" : "P:") + (plus || exact ? p : p.substring(0, p.length() - 1));
          Entry have = entries.get(key);
          Set<Capability> caps;
          if (have == null) {
            caps = EnumSet.noneOf(Capability.class);
            caps.addAll(r.capabilities());
          } else if (have.caps().contains(Capability.DENY) || r.capabilities().contains(Capability.DENY)) {
            caps = EnumSet.of(Capability.DENY);
          } else {
            caps = EnumSet.copyOf(have.caps().isEmpty() ? EnumSet.noneOf(Capability.class) : have.caps());
            caps.addAll(r.capabilities());
          }
          entries.put(key, new Entry(p, exact, prefix, plus, regex(p, plus, prefix), caps));
        }
      }
    }

    private static Pattern regex(String p, boolean plus, boolean prefix) {
      String body = prefix ? p.substring(0, p.length() - 1) : p;
      StringBuilder re = new StringBuilder();
      String[] parts = body.split("/", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          re.append('/');
        }
        re.append(plus && parts[i].equals("+") ? "[^/]*" : Pattern.quote(parts[i]));
      }
      if (prefix) {
        re.append(".*");
      }
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    Set<Capability> decide(String path, boolean list) {
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      Entry e = exact(path);
      if (e == null && list && path.endsWith("/")) {
        String trimmed = path.substring(0, path.length() - 1);
        e = exact(trimmed);
        if (e == null) {
          e = best(trimmed);
        }
      }
      if (e == null) {
        e = best(path);
      }
      return e == null ? EnumSet.noneOf(Capability.class) : e.caps();
    }

    private Entry exact(String path) {
      return entries.values().stream().filter(e -> e.exact() && e.pattern().equals(path))
          .findFirst().orElse(null);
    }

    /** Rank, lowest first: earlier first wildcard; prefix; more '+'; shorter; smaller. */
    private static final Comparator<Entry> RANK = Comparator
        .comparingInt((Entry e) -> e.plus() ? e.pattern().indexOf('+') : e.pattern().length() - 1)
        .thenComparing(e -> !e.prefix())
        .thenComparingInt(e -> -count(e))
        .thenComparingInt(e -> body(e).length())
        .thenComparing(Reference::body);

    private Entry best(String path) {
      return entries.values().stream()
          .filter(e -> !e.exact() && e.regex().matcher(path).matches())
          .max(RANK).orElse(null);
    }

    private static String body(Entry e) {
      return e.prefix() ? e.pattern().substring(0, e.pattern().length() - 1) : e.pattern();
    }

    private static int count(Entry e) {
      if (!e.plus()) {
        return 0;
      }
      int n = 0;
      for (String part : body(e).split("/", -1)) {
        if (part.equals("+")) {
          n++;
        }
      }
      return n;
    }
  }
}
