package io.leasehold.hcl;

import java.math.BigDecimal;
import java.util.List;

/** A value in an HCL document, with where it starts. */
public sealed interface HclValue {
  Position position();

  /** A string (quoted or heredoc), escapes already resolved. */
  record Str(String value, Position position) implements HclValue {}

  /** A number as written, exactly. */
  record Num(BigDecimal value, Position position) implements HclValue {}

  /** {@code true} or {@code false}. */
  record Bool(boolean value, Position position) implements HclValue {}

  /** {@code [a, b, c]}. */
  record ListValue(List<HclValue> items, Position position) implements HclValue {
    public ListValue {
      items = List.copyOf(items);
    }
  }

  /** {@code { key = value ... }} used as a value ({@code config = { ... }}). */
  record ObjectValue(HclBody body, Position position) implements HclValue {}
}
