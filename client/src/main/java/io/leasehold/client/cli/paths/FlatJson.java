package io.leasehold.client.cli.paths;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a flat JSON object of strings, such as a secret ID's {@code metadata='{"tag":"ci"}'}: the
 * one JSON value Vault's AppRole fields take. Anything else is refused with a
 * {@link PathException} naming the field.
 */
final class FlatJson {
  private final String field;
  private final String text;
  private int pos;

  private FlatJson(String field, String text) {
    this.field = field;
    this.text = text;
  }

  /** The object's members in order; a repeated key keeps its last value. */
  static Map<String, String> parseObject(String field, String text) {
    FlatJson p = new FlatJson(field, text);
    p.space();
    Map<String, String> out = p.object();
    p.space();
    if (p.pos != text.length()) {
      throw p.fail("unexpected text after the object");
    }
    return out;
  }

  private Map<String, String> object() {
    Map<String, String> out = new LinkedHashMap<>();
    expect('{');
    space();
    if (peek() == '}') {
      pos++;
      return out;
    }
    while (true) {
      space();
      String key = string();
      space();
      expect(':');
      space();
      out.put(key, string());
      space();
      char c = next();
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw fail("expected ',' or '}'");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw fail("short \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw fail("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw fail("bad escape \\" + e);
      }
    }
  }

  private void space() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      throw fail("unexpected end");
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw fail(c == '"' ? "values must be strings" : "expected '" + c + "'");
    }
  }

  private PathException fail(String why) {
    return new PathException("failed to parse " + field + ": it must be a JSON object of"
        + " strings, e.g. {\"tag\":\"ci\"} (" + why + " at offset " + pos + ")");
  }
}
