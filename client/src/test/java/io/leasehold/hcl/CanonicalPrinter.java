package io.leasehold.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-side printer: writes a tree back as HCL in one canonical form (attributes, then blocks;
 * every string quoted and escaped; object keys always quoted). Printing is injective on trees
 * without positions, so {@code print(a).equals(print(b))} iff the trees are equal up to positions.
 */
final class CanonicalPrinter {
  private static final Position NOWHERE = new Position(0, 0);

  private CanonicalPrinter() {}

  static String print(HclBody body) {
    StringBuilder sb = new StringBuilder();
    body(sb, body, "");
    return sb.toString();
  }

  private static void body(StringBuilder sb, HclBody body, String indent) {
    for (HclAttribute a : body.attributes()) {
      sb.append(indent).append(a.name()).append(" = ");
      value(sb, a.value(), indent);
      sb.append('\n');
    }
    for (HclBlock b : body.blocks()) {
      sb.append(indent).append(b.type());
      for (String label : b.labels()) {
        sb.append(' ');
        quote(sb, label);
      }
      sb.append(" {\n");
      body(sb, b.body(), indent + "  ");
      sb.append(indent).append("}\n");
    }
  }

  private static void value(StringBuilder sb, HclValue v, String indent) {
    if (v instanceof HclValue.Str s) {
      quote(sb, s.value());
    } else if (v instanceof HclValue.Num n) {
      sb.append(n.value().toPlainString());
    } else if (v instanceof HclValue.Bool b) {
      sb.append(b.value());
    } else if (v instanceof HclValue.ListValue l) {
      sb.append('[');
      for (int i = 0; i < l.items().size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        value(sb, l.items().get(i), indent);
      }
      sb.append(']');
    } else if (v instanceof HclValue.ObjectValue o) {
      sb.append("{\n");
      for (HclAttribute a : o.body().attributes()) {
        sb.append(indent).append("  ");
        quote(sb, a.name());
        sb.append(" = ");
        value(sb, a.value(), indent + "  ");
        sb.append('\n');
      }
      if (!o.body().blocks().isEmpty()) {
        throw new AssertionError("an object value holds blocks: " + o);
      }
      sb.append(indent).append('}');
    } else {
      throw new AssertionError(v);
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '$' || c == '%') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** The same tree with every position replaced by 0:0, for comparisons that ignore them. */
  static HclBody withoutPositions(HclBody body) {
    List<HclAttribute> attributes = new ArrayList<>();
    for (HclAttribute a : body.attributes()) {
      attributes.add(new HclAttribute(a.name(), withoutPositions(a.value()), NOWHERE));
    }
    List<HclBlock> blocks = new ArrayList<>();
    for (HclBlock b : body.blocks()) {
      blocks.add(new HclBlock(b.type(), b.labels(), withoutPositions(b.body()), NOWHERE));
    }
    return new HclBody(attributes, blocks);
  }

  static HclValue withoutPositions(HclValue v) {
    if (v instanceof HclValue.Str s) {
      return new HclValue.Str(s.value(), NOWHERE);
    } else if (v instanceof HclValue.Num n) {
      return new HclValue.Num(n.value(), NOWHERE);
    } else if (v instanceof HclValue.Bool b) {
      return new HclValue.Bool(b.value(), NOWHERE);
    } else if (v instanceof HclValue.ListValue l) {
      return new HclValue.ListValue(
          l.items().stream().map(CanonicalPrinter::withoutPositions).toList(), NOWHERE);
    } else if (v instanceof HclValue.ObjectValue o) {
      return new HclValue.ObjectValue(withoutPositions(o.body()), NOWHERE);
    }
    throw new AssertionError(v);
  }
}
