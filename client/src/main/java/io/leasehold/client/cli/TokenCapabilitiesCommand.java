package io.leasehold.client.cli;

import io.leasehold.client.output.JsonWriter;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.YamlWriter;
import io.leasehold.proto.v1.CapabilitiesResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leasehold token capabilities}: Vault's {@code vault token capabilities}. */
@Command(name = "capabilities", sortOptions = false,
    description = {
      "Show what a token may do on a path (e.g. \"create, read\", \"root\" or \"deny\"):"
          + " the caller's own token when only a path is given.",
      "",
      "Examples:",
      "  leasehold token capabilities cubbyhole/token",
      "  leasehold token capabilities TOKEN auth/token/create",
      "  leasehold token capabilities -accessor ACCESSOR auth/token/create",
      ""})
final class TokenCapabilitiesCommand extends ClientCommand {

  @Option(names = "-accessor", arity = "0..1", fallbackValue = "true",
      description = "Treat the first argument as an accessor, not a token.")
  boolean accessor;

  @Parameters(arity = "1..2", paramLabel = "[TOKEN] PATH",
      description = "An optional token (or accessor) and the path.")
  List<String> args = new ArrayList<>();

  TokenCapabilitiesCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "listing capabilities";
  }

  @Override
  protected int execute() {
    String path = args.get(args.size() - 1);
    CapabilitiesResponse r;
    if (args.size() == 1) {
      if (accessor) {
        throw CliFailure.local("-accessor needs the accessor and the path");
      }
      r = client().capabilitiesSelf(List.of(path));
    } else if (accessor) {
      r = client().capabilitiesAccessor(args.get(0), List.of(path));
    } else {
      r = client().capabilities(args.get(0), List.of(path));
    }
    List<String> caps = new ArrayList<>(r.getAllList());
    Collections.sort(caps);
    OutputFormat format = printer().format();
    switch (format) {
      case JSON -> out().println(JsonWriter.write(caps));
      case YAML -> out().print(YamlWriter.write(caps));
      case TABLE -> out().println(String.join(", ", caps));
    }
    out().flush();
    return ExitCodes.OK;
  }
}
