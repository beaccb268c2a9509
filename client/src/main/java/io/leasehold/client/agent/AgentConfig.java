package io.leasehold.client.agent;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed agent configuration (see {@link AgentConfigParser} for the file format).
 *
 * @param address the server address from {@code vault { address = ... }}, or null
 * @param exitAfterAuth exit 0 once the first token is written to every sink
 * @param revokeOnShutdown revoke the token on shutdown (best effort)
 * @param appRole the AppRole method
 * @param minBackoff first retry delay after a failed login
 * @param maxBackoff longest retry delay
 * @param exitOnErr exit at the first failed login instead of retrying
 * @param sinks where the token is written, at least one
 */
public record AgentConfig(
    String address,
    boolean exitAfterAuth,
    boolean revokeOnShutdown,
    AppRole appRole,
    Duration minBackoff,
    Duration maxBackoff,
    boolean exitOnErr,
    List<FileSinkConfig> sinks) {

  public AgentConfig {
    Objects.requireNonNull(appRole, "appRole");
    sinks = List.copyOf(sinks);
  }

  /**
   * The AppRole method's files.
   *
   * @param secretIdFile null when the role does not bind a secret ID
   */
  public record AppRole(Path roleIdFile, Path secretIdFile, boolean removeSecretIdFileAfterReading) {}

  /** A file sink: where, and with which permissions (applied at every write). */
  public record FileSinkConfig(Path path, Set<PosixFilePermission> mode) {
    public FileSinkConfig {
      mode = Set.copyOf(mode);
    }
  }
}
