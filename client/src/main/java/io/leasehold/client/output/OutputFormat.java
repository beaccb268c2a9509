package io.leasehold.client.output;

import java.util.Locale;

/** Vault's {@code -format} values: {@code table} (default), {@code json}, {@code yaml}/{@code yml}. */
public enum OutputFormat {
  TABLE,
  JSON,
  YAML;

  /**
   * Parses a {@code -format} value, case-insensitively.
   *
   * @throws IllegalArgumentException {@code Invalid output format: X} as Vault says
   */
  public static OutputFormat parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "", "table" -> TABLE;
      case "json" -> JSON;
      case "yaml", "yml" -> YAML;
      default -> throw new IllegalArgumentException(
          "Invalid output format: " + text + " (use table, json or yaml)");
    };
  }
}
