package io.leasehold.client.output;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON the way Vault's CLI prints it (Go's {@code json.MarshalIndent(v, "", "  ")}): two-space
 * indent, {@code "key": value}, {@code []} and {@code {}} when empty, {@code <}, {@code >} and
 * {@code &} escaped as Go does. Maps keep their iteration order.
 */
public final class JsonWriter {
  private JsonWriter() {}

  /** {@code value} as indented JSON, without a trailing newline. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, "");
    return b.toString();
  }

  private static void write(StringBuilder b, Object value, String indent) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof String s) {
      b.append(quote(s, true));
    } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
      b.append(value);
    } else if (value instanceof Number n) {
      b.append(n.toString());
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        b.append("{}");
        return;
      }
      String inner = indent + "  ";
      b.append("{\n");
      for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<?, ?> e = it.next();
        b.append(inner).append(quote(String.valueOf(e.getKey()), true)).append(": ");
        write(b, e.getValue(), inner);
        b.append(it.hasNext() ? ",\n" : "\n");
      }
      b.append(indent).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        b.append("[]");
        return;
      }
      String inner = indent + "  ";
      b.append("[\n");
      for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
        b.append(inner);
        write(b, it.next(), inner);
        b.append(it.hasNext() ? ",\n" : "\n");
      }
      b.append(indent).append(']');
    } else {
      b.append(quote(value.toString(), true));
    }
  }

  /** A JSON string literal; {@code html} also escapes {@code < > &} as Go's encoder does. */
  static String quote(String s, boolean html) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029'
              || (html && (c == '<' || c == '>' || c == '&'))) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
