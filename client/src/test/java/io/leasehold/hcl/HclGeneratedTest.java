package io.leasehold.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded generation: random trees are written out in randomly varied but valid HCL (blank lines,
 * comments of all kinds, CRLF, trailing commas, single-line blocks, quoted or bare object keys,
 * random escapes, heredocs of both kinds, attributes and blocks interleaved) and must parse back
 * to exactly the tree written. This is the other half of the fuzzing: valid input is accepted
 * and read as meant.
 */
class HclGeneratedTest {
  private static final long BASE_SEED = 0x48_43_4CL; // "HCL"
  private static final int CASES = 1000;
  private static final Position NOWHERE = new Position(0, 0);
  private static final String CHARS =
      "abcxyzABZ019 _-./:*+\"\\\n\t\r${}%[]#=,é\u00a0\u2028\uD83D\uDE00\u0000\u0007\u007f";

  @TestFactory
  Stream<DynamicTest> generatedDocumentsParseToTheTreeTheyWereWrittenFrom() {
    return LongStream.range(0, CASES)
        .mapToObj(
            i -> {
              long seed = BASE_SEED + i;
              return dynamicTest(
                  "seed " + seed,
                  () -> {
                    Random r = new Random(seed);
                    HclBody tree = new Trees(r).body(0, false);
                    String text = new Writer(r).document(tree);
                    HclBody parsed;
                    try {
                      parsed = HclParser.parse(text);
                    } catch (HclParseException e) {
                      throw new AssertionError(
                          e.getMessage() + " in\n" + HclFuzzTest.visible(text), e);
                    }
                    assertThat(CanonicalPrinter.withoutPositions(parsed))
                        .as("parse of %s", HclFuzzTest.visible(text))
                        .isEqualTo(tree);
                  });
            });
  }

  /** Random trees, all positions 0:0. */
  static final class Trees {
    private final Random r;

    Trees(Random r) {
      this.r = r;
    }

    HclBody body(int depth, boolean object) {
      List<HclAttribute> attributes = new ArrayList<>();
      List<HclBlock> blocks = new ArrayList<>();
      int na = r.nextInt(depth == 0 ? 5 : 4);
      for (int i = 0; i < na; i++) {
        attributes.add(
            new HclAttribute(object ? anyString(8) : identifier(), value(depth + 1), NOWHERE));
      }
      int nb = object || depth > 3 ? 0 : r.nextInt(depth == 0 ? 4 : 3);
      for (int i = 0; i < nb; i++) {
        List<String> labels = new ArrayList<>();
        for (int k = r.nextInt(3); k > 0; k--) {
          labels.add(anyString(10));
        }
        blocks.add(new HclBlock(identifier(), labels, body(depth + 1, false), NOWHERE));
      }
      return new HclBody(attributes, blocks);
    }

    HclValue value(int depth) {
      int kind = r.nextInt(depth > 4 ? 3 : 5);
      switch (kind) {
        case 0:
          return new HclValue.Str(
              r.nextInt(4) == 0 ? heredocFriendly() : anyString(14), NOWHERE);
        case 1:
          return r.nextBoolean()
              ? new HclValue.Bool(r.nextBoolean(), NOWHERE)
              : new HclValue.Num(
                  new BigDecimal(BigInteger.valueOf(r.nextLong() % 1_000_000_000_000L), r.nextInt(4)),
                  NOWHERE);
        case 2:
          return new HclValue.Str(identifier(), NOWHERE);
        case 3: {
          List<HclValue> items = new ArrayList<>();
          for (int k = r.nextInt(5); k > 0; k--) {
            items.add(value(depth + 1));
          }
          return new HclValue.ListValue(items, NOWHERE);
        }
        default:
          return new HclValue.ObjectValue(body(depth + 1, true), NOWHERE);
      }
    }

    String identifier() {
      String first = "abcxyzABZ_";
      String rest = "abcxyzABZ_019-";
      StringBuilder sb = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
      for (int k = r.nextInt(9); k > 0; k--) {
        sb.append(rest.charAt(r.nextInt(rest.length())));
      }
      return sb.toString();
    }

    String anyString(int max) {
      StringBuilder sb = new StringBuilder();
      for (int k = r.nextInt(max + 1); k > 0; k--) {
        sb.append(CHARS.charAt(r.nextInt(CHARS.length())));
      }
      return sb.toString();
    }

    /** Multi-line text that a heredoc can hold; sometimes indented, sometimes with blank lines. */
    String heredocFriendly() {
      StringBuilder sb = new StringBuilder();
      for (int k = r.nextInt(5); k > 0; k--) {
        int kind = r.nextInt(6);
        if (kind == 0) {
          sb.append('\n');
        } else if (kind == 1) {
          sb.append("  \t\n");
        } else {
          sb.append(" ".repeat(r.nextInt(3)))
              .append(identifier())
              .append(r.nextBoolean() ? " \"q\" $ % { } \\n # // */" : "")
              .append('\n');
        }
      }
      return sb.toString();
    }
  }

  /** Writes a tree as valid HCL, choosing among the equivalent spellings at random. */
  static final class Writer {
    private final Random r;
    private final String nl;
    private final StringBuilder out = new StringBuilder();

    Writer(Random r) {
      this.r = r;
      this.nl = r.nextInt(5) == 0 ? "\r\n" : "\n";
    }

    String document(HclBody body) {
      if (r.nextInt(10) == 0) {
        out.append('\uFEFF');
      }
      gap();
      int before = out.length();
      items(body, "");
      if (out.length() > before && r.nextBoolean()) {
        // the last line may or may not end with a newline, and comments may follow
        out.append(nl);
        gap();
      }
      return out.toString();
    }

    /** Blank lines and whole-line comments between items. */
    private void gap() {
      for (int k = r.nextInt(3); k > 0; k--) {
        switch (r.nextInt(5)) {
          case 0 -> out.append("# hash comment \"with\" } ] { [").append(nl);
          case 1 -> out.append("// slashes").append(nl);
          case 2 -> out.append("/* block").append(nl).append(" spanning */").append(nl);
          default -> out.append(nl);
        }
      }
    }

    private void space() {
      switch (r.nextInt(8)) {
        case 0 -> out.append("  ");
        case 1 -> out.append('\t');
        case 2 -> out.append(" /* c */ ");
        default -> out.append(' ');
      }
    }

    private void items(HclBody body, String indent) {
      int a = 0;
      int b = 0;
      boolean first = true;
      while (a < body.attributes().size() || b < body.blocks().size()) {
        if (!first) {
          out.append(nl);
          gap();
        }
        first = false;
        boolean takeAttribute =
            b >= body.blocks().size() || (a < body.attributes().size() && r.nextBoolean());
        out.append(indent);
        if (takeAttribute) {
          attribute(body.attributes().get(a++), indent);
        } else {
          block(body.blocks().get(b++), indent);
        }
        if (r.nextInt(6) == 0) {
          out.append(r.nextBoolean() ? " # trailing" : " // trailing");
        }
      }
    }

    private void attribute(HclAttribute a, String indent) {
      out.append(a.name());
      space();
      out.append('=');
      space();
      value(a.value(), indent);
    }

    private void block(HclBlock b, String indent) {
      out.append(b.type());
      for (String label : b.labels()) {
        space();
        quoted(label);
      }
      space();
      out.append('{');
      HclBody body = b.body();
      if (body.attributes().isEmpty() && body.blocks().isEmpty() && r.nextBoolean()) {
        out.append(r.nextBoolean() ? "}" : " }");
        return;
      }
      if (body.blocks().isEmpty()
          && body.attributes().size() == 1
          && !(body.attributes().get(0).value() instanceof HclValue.Str s && heredocAble(s))
          && r.nextBoolean()) {
        out.append(' ');
        attribute(body.attributes().get(0), indent);
        out.append(" }");
        return;
      }
      out.append(nl);
      gap();
      items(body, indent + "  ");
      out.append(nl);
      gap();
      out.append(indent).append('}');
    }

    private void value(HclValue v, String indent) {
      if (v instanceof HclValue.Str s) {
        if (heredocAble(s) && r.nextInt(3) > 0) {
          heredoc(s.value(), indent);
        } else {
          quoted(s.value());
        }
      } else if (v instanceof HclValue.Num n) {
        out.append(n.value().toPlainString());
      } else if (v instanceof HclValue.Bool b) {
        out.append(b.value());
      } else if (v instanceof HclValue.ListValue l) {
        list(l, indent);
      } else if (v instanceof HclValue.ObjectValue o) {
        object(o, indent);
      }
    }

    private void list(HclValue.ListValue l, String indent) {
      out.append('[');
      boolean multiline = r.nextBoolean();
      for (int i = 0; i < l.items().size(); i++) {
        if (multiline) {
          out.append(nl).append(indent).append("  ");
        } else if (i > 0) {
          out.append(' ');
        }
        value(l.items().get(i), indent + "  ");
        if (endsWithHeredoc()) {
          out.append(nl).append(indent);
        } else if (r.nextInt(8) == 0) {
          out.append(" // about this item").append(nl).append(indent);
        }
        if (i < l.items().size() - 1 || r.nextInt(3) == 0) {
          out.append(',');
        }
      }
      if (multiline) {
        out.append(nl).append(indent);
      }
      out.append(']');
    }

    private void object(HclValue.ObjectValue o, String indent) {
      out.append('{');
      List<HclAttribute> entries = o.body().attributes();
      boolean multiline = r.nextBoolean();
      for (int i = 0; i < entries.size(); i++) {
        HclAttribute e = entries.get(i);
        if (multiline) {
          out.append(nl);
          gap();
          out.append(indent).append("  ");
        } else {
          out.append(' ');
        }
        if (isIdentifier(e.name()) && r.nextBoolean()) {
          out.append(e.name());
        } else {
          quoted(e.name());
        }
        space();
        out.append('=');
        space();
        value(e.value(), indent + "  ");
        boolean last = i == entries.size() - 1;
        if (endsWithHeredoc()) {
          if (!last) {
            continue; // the heredoc's own line end separates it from the next entry
          }
          out.append(indent);
        } else if (!multiline && !last) {
          out.append(',');
        } else if (multiline && r.nextBoolean()) {
          out.append(',');
        }
      }
      if (multiline && !endsWithNewline()) {
        out.append(nl).append(indent);
      } else if (!multiline && !endsWithNewline()) {
        out.append(' ');
      }
      out.append('}');
    }

    private boolean endsWithHeredoc() {
      return heredocEnd == out.length();
    }

    private boolean endsWithNewline() {
      return out.length() > 0 && out.charAt(out.length() - 1) == '\n';
    }

    private int heredocEnd = -1;

    private static boolean isIdentifier(String s) {
      return s.matches("[A-Za-z_][A-Za-z0-9_-]*");
    }

    /** Text a heredoc can hold exactly: whole lines, no templates, no control characters. */
    private static boolean heredocAble(HclValue.Str s) {
      String v = s.value();
      if (v.isEmpty() || !v.endsWith("\n") || v.contains("${") || v.contains("%{")) {
        return false;
      }
      for (char c : v.toCharArray()) {
        if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f)) {
          return false;
        }
      }
      for (String line : v.split("\n", -1)) {
        if (line.strip().equals("EOT") || line.strip().equals("END")) {
          return false;
        }
      }
      return true;
    }

    /** Writes a heredoc (its terminator ends the current line; the caller adds what follows). */
    private void heredoc(String v, String indent) {
      String marker = r.nextBoolean() ? "EOT" : "END";
      List<String> lines = new ArrayList<>(List.of(v.split("\n", -1)));
      lines.remove(lines.size() - 1); // v ends with "\n"
      boolean canIndent = false;
      int min = Integer.MAX_VALUE;
      for (String line : lines) {
        String trimmed = line.replaceFirst("^[ \t]+", "");
        if (!trimmed.isEmpty()) {
          min = Math.min(min, line.length() - trimmed.length());
        }
      }
      canIndent = min == 0;
      if (canIndent && r.nextBoolean()) {
        String extra = r.nextBoolean() ? "    " : "\t";
        out.append("<<-").append(marker).append(nl);
        for (String line : lines) {
          out.append(line.isEmpty() ? "" : extra + line).append(nl);
        }
        out.append(r.nextBoolean() ? extra : "").append(marker);
      } else {
        out.append("<<").append(marker).append(nl);
        for (String line : lines) {
          out.append(line).append(nl);
        }
        out.append(marker);
      }
      out.append(nl);
      heredocEnd = out.length();
    }

    /** A quoted string, escaping what must be and, at random, what may be. */
    private void quoted(String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
        boolean template = (c == '$' || c == '%') && next == '{';
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append(r.nextBoolean() ? "\\t" : "\t");
          default -> {
            if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next) && r.nextBoolean()) {
              out.append(String.format("\\U%08X", Character.toCodePoint(c, next)));
              i++;
            } else if (template
                || c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || (!Character.isSurrogate(c) && r.nextInt(8) == 0)) {
              out.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
  }
}
