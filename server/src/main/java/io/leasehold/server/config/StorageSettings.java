package io.leasehold.server.config;

import java.util.Map;

/**
 * A {@code storage "TYPE" { ... }} block: the backend's type and its options (all strings, already
 * checked against what the backend allows), and where the block is, for error messages.
 */
public record StorageSettings(String type, Map<String, String> options, String where) {
  public StorageSettings {
    options = Map.copyOf(options);
  }

  /** An option the backend requires (the parser has checked it is there). */
  public String option(String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalStateException("storage option " + name + " missing");
    }
    return value;
  }
}
