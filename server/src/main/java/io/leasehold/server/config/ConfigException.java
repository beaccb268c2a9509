package io.leasehold.server.config;

/**
 * A configuration the server cannot run with. The message says where ({@code FILE:LINE:COLUMN:},
 * or {@code FILE:} for something missing) and what is allowed.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
