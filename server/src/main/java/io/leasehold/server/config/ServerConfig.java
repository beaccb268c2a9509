package io.leasehold.server.config;

import io.leasehold.server.core.mount.SystemDefaults;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A checked server configuration.
 *
 * @param source the file it came from (for messages)
 * @param listenAddressText the address as written, e.g. {@code 127.0.0.1:8200}
 * @param clusterName the configured name, or null to keep the stored (or a generated) one
 * @param logLevel {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}
 * @param warnings what was accepted but ignored, one line each, with where it is
 */
public record ServerConfig(
    String source,
    StorageSettings storage,
    InetSocketAddress listenAddress,
    String listenAddressText,
    SystemDefaults leaseDefaults,
    String clusterName,
    String logLevel,
    List<String> warnings) {
  public ServerConfig {
    warnings = List.copyOf(warnings);
  }
}
