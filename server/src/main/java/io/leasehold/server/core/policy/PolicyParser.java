package io.leasehold.server.core.policy;

import static io.leasehold.server.core.policy.GoText.quote;

import io.leasehold.hcl.HclAttribute;
import io.leasehold.hcl.HclBlock;
import io.leasehold.hcl.HclBody;
import io.leasehold.hcl.HclParseException;
import io.leasehold.hcl.HclParser;
import io.leasehold.hcl.HclValue;
import io.leasehold.hcl.Position;
import io.leasehold.server.core.LeaseholdException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses policy text, HCL or JSON, into a {@link Policy}, with Vault's rules and error texts.
 *
 * <p>Text whose first non-blank character is <code>{</code> is JSON
 * (<code>{"path": {"secret/*": {"capabilities": ["read"]}}}</code>); anything else is HCL
 * (<code>path "secret/*" { capabilities = ["read"] }</code>). At the top level only {@code path}
 * blocks with one label are accepted, plus Vault's ignored {@code name = "..."}. Inside a block only
 * Vault's keys that Leasehold implements: {@code capabilities}, the old {@code policy} shorthand,
 * {@code allowed_parameters}, {@code denied_parameters}, {@code required_parameters},
 * {@code min_wrapping_ttl}, {@code max_wrapping_ttl}, and {@code comment} (ignored). Enterprise keys
 * ({@code mfa_methods}, {@code control_group}) are refused rather than ignored, since ignoring them
 * would grant more than the author meant.
 *
 * <p>Every refusal is a {@link LeaseholdException} of kind INVALID_ARGUMENT, reason
 * {@value #REASON}, whose message starts {@code failed to parse policy: } as Vault's does.
 */
public final class PolicyParser {
  /** The {@code ErrorInfo} reason of every parse refusal. */
  public static final String REASON = "POLICY_INVALID";

  private static final String PREFIX = "failed to parse policy: ";
  private static final Set<String> PATH_ATTRIBUTES = Set.of("comment", "policy", "capabilities",
      "allowed_parameters", "denied_parameters", "required_parameters", "min_wrapping_ttl",
      "max_wrapping_ttl");
  private static final Set<String> PATH_BLOCKS = Set.of("allowed_parameters", "denied_parameters");

  private PolicyParser() {}

  /**
   * Parses {@code text} as the policy {@code name}.
   *
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's message when the text is not a valid
   *     policy
   */
  public static Policy parse(String name, String text) {
    HclBody body;
    try {
      body = text.strip().startsWith("{") ? JsonPolicyReader.read(text) : HclParser.parse(text);
    } catch (HclParseException e) {
      throw fail(e.getMessage());
    }
    return fromBody(name, text, body);
  }

  /** Reads an already parsed document; {@code raw} is kept as the policy's text. */
  static Policy fromBody(String name, String raw, HclBody body) {
    List<Item> top = new ArrayList<>();
    body.attributes().forEach(a -> top.add(new Item(a.name(), a.position(), a)));
    body.blocks().forEach(b -> top.add(new Item(b.type(), b.position(), b)));
    top.sort(Item.ORDER);
    for (Item item : top) {
      if (item.node() instanceof HclAttribute a && a.name().equals("name")) {
        if (!(a.value() instanceof HclValue.Str)) {
          throw fail("name must be a string, on line " + a.position().line());
        }
      } else if (!(item.node() instanceof HclBlock b && b.type().equals("path"))) {
        throw fail(invalidKey(item));
      }
    }
    List<PathRule> rules = new ArrayList<>();
    for (HclBlock block : body.blocks()) {
      if (block.labels().size() != 1) {
        throw fail("a path block takes exactly one label, the path (path \"secret/*\" { ... }), on line "
            + block.position().line());
      }
      rules.add(readRule(block.labels().get(0), block.body()));
    }
    return new Policy(name, raw, rules);
  }

  private static PathRule readRule(String label, HclBody body) {
    String q = quote(label);
    boolean templated = checkTemplating(label);

    List<Item> items = new ArrayList<>();
    body.attributes().forEach(a -> items.add(new Item(a.name(), a.position(), a)));
    body.blocks().forEach(b -> items.add(new Item(b.type(), b.position(), b)));
    items.sort(Item.ORDER);
    Set<String> seen = new HashSet<>();
    for (Item item : items) {
      boolean known = item.node() instanceof HclAttribute
          ? PATH_ATTRIBUTES.contains(item.name())
          : PATH_BLOCKS.contains(item.name());
      if (!known) {
        throw fail("path " + q + ": " + invalidKey(item));
      }
      if (!seen.add(item.name())) {
        throw fail("path " + q + ": duplicate key " + quote(item.name()) + " on line "
            + item.position().line());
      }
      if (item.node() instanceof HclBlock b && !b.labels().isEmpty()) {
        throw fail("path " + q + ": " + b.type() + " takes no label, on line " + b.position().line());
      }
    }

    // Decode every value's shape first, as Vault's HCL decoder does, then apply the meaning.
    String oldPolicy = "";
    List<String> capabilityTexts = new ArrayList<>();
    Map<String, List<Object>> allowed = Map.of();
    Map<String, List<Object>> denied = Map.of();
    List<String> required = List.of();
    Object minTtl = null;
    Object maxTtl = null;
    for (Item item : items) {
      HclValue value = item.node() instanceof HclAttribute a ? a.value()
          : new HclValue.ObjectValue(((HclBlock) item.node()).body(), item.position());
      switch (item.name()) {
        case "policy" -> oldPolicy = string(q, "policy", value);
        case "capabilities" -> capabilityTexts = strings(q, "capabilities", value);
        case "allowed_parameters" -> allowed = parameters(q, "allowed_parameters", value);
        case "denied_parameters" -> denied = parameters(q, "denied_parameters", value);
        case "required_parameters" -> required = strings(q, "required_parameters", value);
        case "min_wrapping_ttl" -> minTtl = scalar(value);
        case "max_wrapping_ttl" -> maxTtl = scalar(value);
        default -> { } // comment: free-form, ignored
      }
    }

    String pattern = label.startsWith("/") ? label.substring(1) : label;
    if (pattern.contains("+*")) {
      throw fail("path " + quote(pattern) + ": invalid use of wildcards ('+*' is forbidden)");
    }
    PathRule.Kind kind = PathRule.kindOf(pattern);

    // The old shorthand: deny replaces, the others add to capabilities.
    if (!oldPolicy.isEmpty()) {
      List<String> merged = new ArrayList<>(capabilityTexts);
      switch (oldPolicy) {
        case "deny" -> merged = List.of("deny");
        case "read" -> merged.addAll(List.of("read", "list"));
        case "write" -> merged.addAll(List.of("create", "read", "update", "delete", "list"));
        case "sudo" -> merged.addAll(List.of("create", "read", "update", "delete", "list", "sudo"));
        default -> throw fail("path " + q + ": invalid policy " + quote(oldPolicy));
      }
      capabilityTexts = merged;
    }

    // In order, as Vault: a deny ends the list (anything after it is not even looked at).
    Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    for (String text : capabilityTexts) {
      Capability c = Capability.fromPolicyText(text)
          .orElseThrow(() -> fail("path " + q + ": invalid capability " + quote(text)));
      if (c == Capability.DENY) {
        return new PathRule(pattern, kind, templated, EnumSet.of(Capability.DENY), Map.of(),
            Map.of(), List.of(), Duration.ZERO, Duration.ZERO);
      }
      capabilities.add(c);
    }

    Duration min = wrappingTtl("min_wrapping_ttl", minTtl);
    Duration max = wrappingTtl("max_wrapping_ttl", maxTtl);
    if (!min.isZero() && !max.isZero() && max.compareTo(min) < 0) {
      throw fail("max_wrapping_ttl cannot be less than min_wrapping_ttl");
    }
    return new PathRule(pattern, kind, templated, capabilities, allowed, denied, required, min, max);
  }

  /**
   * Vault's validity check of identity templates in a path ({@code identitytpl.PopulateString}):
   * every {@code {{} must be closed by one {@code }}} before the next {@code {{}, and no
   * {@code }}} may stand alone.
   *
   * @return whether the path holds a template
   */
  private static boolean checkTemplating(String path) {
    String[] pieces = path.split("\\{\\{", -1);
    if (pieces.length == 1) {
      if (path.contains("}}")) {
        throw unbalanced();
      }
      return false;
    }
    if (pieces[0].contains("}}")) {
      throw unbalanced();
    }
    for (int i = 1; i < pieces.length; i++) {
      if (pieces[i].split("}}", -1).length != 2) {
        throw unbalanced();
      }
    }
    return true;
  }

  private static LeaseholdException unbalanced() {
    return fail("failed to validate policy templating: unbalanced templating characters");
  }

  private static Duration wrappingTtl(String key, Object raw) {
    if (raw == null) {
      return Duration.ZERO;
    }
    try {
      return GoText.parseDurationSecond(raw);
    } catch (IllegalArgumentException e) {
      throw fail("error parsing " + key + ": " + e.getMessage());
    }
  }

  private static String string(String q, String key, HclValue value) {
    if (value instanceof HclValue.Str s) {
      return s.value();
    }
    throw shape(q, key, "a string", value);
  }

  private static List<String> strings(String q, String key, HclValue value) {
    if (value instanceof HclValue.ListValue list) {
      List<String> out = new ArrayList<>();
      for (HclValue item : list.items()) {
        if (!(item instanceof HclValue.Str s)) {
          throw shape(q, key, "a list of strings", item);
        }
        out.add(s.value());
      }
      return out;
    }
    throw shape(q, key, "a list of strings", value);
  }

  /** {@code { name = [values...] ... }}: names lower-cased, as Vault matches them. */
  private static Map<String, List<Object>> parameters(String q, String key, HclValue value) {
    String expected = "an object of parameter names to lists of values";
    if (!(value instanceof HclValue.ObjectValue object)) {
      throw shape(q, key, expected, value);
    }
    if (!object.body().blocks().isEmpty()) {
      HclBlock b = object.body().blocks().get(0);
      throw fail("path " + q + ": " + key + ": parameter " + quote(b.type())
          + " must be a list of values, on line " + b.position().line());
    }
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (HclAttribute a : object.body().attributes()) {
      String name = a.name().toLowerCase(Locale.ROOT);
      if (!(a.value() instanceof HclValue.ListValue list)) {
        throw fail("path " + q + ": " + key + ": parameter " + quote(a.name())
            + " must be a list of values, on line " + a.position().line());
      }
      List<Object> values = new ArrayList<>();
      for (HclValue item : list.items()) {
        values.add(parameterValue(q, key, item));
      }
      if (out.put(name, values) != null) {
        throw fail("path " + q + ": " + key + ": duplicate parameter " + quote(a.name())
            + " on line " + a.position().line());
      }
    }
    return out;
  }

  private static Object parameterValue(String q, String key, HclValue value) {
    if (value instanceof HclValue.Str s) {
      return s.value();
    } else if (value instanceof HclValue.Num n) {
      return n.value();
    } else if (value instanceof HclValue.Bool b) {
      return b.value();
    } else if (value instanceof HclValue.ListValue list) {
      List<Object> out = new ArrayList<>();
      for (HclValue item : list.items()) {
        out.add(parameterValue(q, key, item));
      }
      return List.copyOf(out);
    }
    throw fail("path " + q + ": " + key + ": values must be strings, numbers, booleans or lists,"
        + " on line " + value.position().line());
  }

  /** A wrapping TTL as Vault's decoder leaves it: a string, a number, or something unparseable. */
  private static Object scalar(HclValue value) {
    if (value instanceof HclValue.Str s) {
      return s.value();
    } else if (value instanceof HclValue.Num n) {
      return n.value();
    }
    return Boolean.FALSE; // parseDurationSecond refuses it: "could not parse duration from input"
  }

  private static LeaseholdException shape(String q, String key, String expected, HclValue got) {
    return fail("path " + q + ": " + key + " must be " + expected + ", on line "
        + got.position().line());
  }

  private static String invalidKey(Item item) {
    return "invalid key " + quote(item.name()) + " on line " + item.position().line();
  }

  private static LeaseholdException fail(String detail) {
    return LeaseholdException.invalid(REASON, PREFIX + detail);
  }

  /** An attribute or block, for checking keys in source order. */
  private record Item(String name, Position position, Object node) {
    static final Comparator<Item> ORDER = Comparator.comparingInt((Item i) -> i.position().line())
        .thenComparingInt(i -> i.position().column());
  }
}
