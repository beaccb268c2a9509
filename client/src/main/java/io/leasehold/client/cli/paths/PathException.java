package io.leasehold.client.cli.paths;

/** Bad data for a path (e.g. {@code period=8x}), refused before anything is sent. */
public final class PathException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PathException(String message) {
    super(message, null, false, false);
  }
}
