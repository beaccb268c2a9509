package io.leasehold.client.cli;

/**
 * A command failed in a way it has already put into words: the CLI prints {@code message} (after
 * the command's {@code Error <verb>:} prefix unless {@code bare}) and exits with {@code exitCode}.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final boolean bare;

  private CliFailure(String message, int exitCode, boolean bare) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.bare = bare;
  }

  /** Bad input or a local problem (exit 1), printed as {@code Error <verb>: message}. */
  static CliFailure local(String message) {
    return new CliFailure(message, ExitCodes.LOCAL_ERROR, false);
  }

  /** Printed exactly as given, e.g. Vault's {@code No value found at PATH}. */
  static CliFailure bare(String message, int exitCode) {
    return new CliFailure(message, exitCode, true);
  }

  int exitCode() {
    return exitCode;
  }

  boolean bare() {
    return bare;
  }
}
