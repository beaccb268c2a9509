package io.leasehold.client.cli;

import picocli.CommandLine.Option;

/** {@code -address}, on every command that talks to a server. */
public final class ConnectionOptions {
  @Option(names = "-address", paramLabel = "ADDR",
      description = "The server: host:port, http://host:port or https://host:port. Default from"
          + " LEASEHOLD_ADDR, then VAULT_ADDR, else 127.0.0.1:8200.")
  String address;
}
