package io.leasehold.client.output;

import java.util.List;

/**
 * Vault's table layout (the {@code columnize} library as Vault configures it): columns separated
 * by four spaces, every column but the last padded to its widest cell, empty cells shown as
 * {@code n/a}, widths counted in code points.
 */
public final class Columns {
  static final String GLUE = "    ";
  static final String EMPTY = "n/a";

  private Columns() {}

  /** The rows laid out, each line ending in a newline. */
  public static String format(List<List<String>> rows) {
    int columns = 0;
    for (List<String> row : rows) {
      columns = Math.max(columns, row.size());
    }
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], width(cell(row, i)));
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = cell(row, i);
        b.append(cell);
        if (i < row.size() - 1) {
          b.append(" ".repeat(widths[i] - width(cell))).append(GLUE);
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** A two-column {@code Key}/{@code Value} table with its {@code ---}/{@code -----} underline. */
  public static String keyValue(List<List<String>> rows) {
    java.util.ArrayList<List<String>> all = new java.util.ArrayList<>();
    all.add(List.of("Key", "Value"));
    all.add(List.of("---", "-----"));
    all.addAll(rows);
    return format(all);
  }

  private static String cell(List<String> row, int i) {
    String s = row.get(i);
    return s == null || s.isEmpty() ? EMPTY : s;
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
