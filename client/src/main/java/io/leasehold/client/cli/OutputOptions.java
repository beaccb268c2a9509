package io.leasehold.client.cli;

import io.leasehold.client.output.OutputFormat;
import picocli.CommandLine.Option;

/** {@code -format} and {@code -field}, on every command that prints a response. */
public final class OutputOptions {
  @Option(names = "-format", paramLabel = "FORMAT", converter = Converters.Format.class,
      description = "Output format: table (default), json or yaml. Default from"
          + " LEASEHOLD_FORMAT or VAULT_FORMAT.")
  OutputFormat format;

  @Option(names = "-field", paramLabel = "NAME",
      description = "Print only this field of the response, with no trailing newline"
          + " (e.g. -field=token).")
  String field = "";
}
