package io.leasehold.client.output;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * YAML the way Vault's CLI prints it (its JSON converted to YAML): map keys sorted, lists as
 * {@code - item} at the key's indent, strings quoted only when plain YAML would read them as
 * something else.
 */
public final class YamlWriter {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./ +=@-]*");
  private static final Pattern NOT_A_STRING = Pattern.compile(
      "(?i)(y|yes|n|no|true|false|on|off|null|~|[-+]?[0-9][0-9_.eE+-]*|\\.inf|\\.nan)");

  private YamlWriter() {}

  /** {@code value} as a YAML document, ending in a newline. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      writeMap(b, map, "");
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      writeList(b, list, "");
    } else {
      b.append(scalar(value)).append('\n');
    }
    return b.toString();
  }

  private static void writeMap(StringBuilder b, Map<?, ?> map, String indent) {
    Map<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      b.append(indent).append(scalar(e.getKey())).append(':');
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m && !m.isEmpty()) {
        b.append('\n');
        writeMap(b, m, indent + "  ");
      } else if (v instanceof List<?> l && !l.isEmpty()) {
        b.append('\n');
        writeList(b, l, indent);
      } else {
        b.append(' ').append(scalar(v)).append('\n');
      }
    }
  }

  private static void writeList(StringBuilder b, List<?> list, String indent) {
    for (Object v : list) {
      b.append(indent).append("- ");
      if (v instanceof Map<?, ?> m && !m.isEmpty()) {
        StringBuilder nested = new StringBuilder();
        writeMap(nested, m, indent + "  ");
        b.append(nested.substring(indent.length() + 2));
      } else if (v instanceof List<?> l && !l.isEmpty()) {
        b.append('\n');
        writeList(b, l, indent + "  ");
      } else {
        b.append(scalar(v)).append('\n');
      }
    }
  }

  private static String scalar(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?>) {
      return "{}";
    }
    if (v instanceof List<?>) {
      return "[]";
    }
    if (v instanceof Boolean || v instanceof Number) {
      return v.toString();
    }
    String s = v.toString();
    if (PLAIN.matcher(s).matches() && !NOT_A_STRING.matcher(s).matches() && !s.endsWith(" ")) {
      return s;
    }
    return JsonWriter.quote(s, false);
  }
}
