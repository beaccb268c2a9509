package io.leasehold.client.cli;

import io.leasehold.client.LeaseholdClientException;
import io.leasehold.client.output.JsonWriter;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.Printer;
import io.leasehold.client.output.YamlWriter;
import io.leasehold.hcl.HclParseException;
import io.leasehold.hcl.HclParser;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code leasehold policy ...}: Vault's {@code vault policy} commands. */
final class PolicyCommands {
  private PolicyCommands() {}

  /** Reads {@code source}: a file, or standard input for {@code -}. */
  static String readSource(CliContext ctx, String source) throws IOException {
    if (source.equals("-")) {
      return new String(ctx.stdin().readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return Files.readString(Path.of(source), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliFailure.local("no such file: " + source);
    }
  }

  @Command(name = "write",
      description = {
        "Upload a policy (HCL or JSON) from a file, or from standard input with \"-\".",
        "",
        "Examples:",
        "  leasehold policy write my-policy ./my-policy.hcl",
        "  leasehold policy write test - <<EOF",
        "  path \"auth/token/create\" {",
        "    capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\", \"sudo\"]",
        "  }",
        "  EOF",
        ""})
  static final class Write extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The policy's name.")
    String name;

    @Parameters(index = "1", paramLabel = "PATH", description = "A file, or - for stdin.")
    String source;

    Write(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "uploading policy";
    }

    @Override
    protected int execute() throws IOException {
      String text = readSource(ctx, source);
      printer().warnings(client().writePolicy(name, text, false).getWarningsList());
      return success("Success! Uploaded policy: " + name);
    }
  }

  @Command(name = "read", description = {"Print a policy's rules.", ""})
  static final class Read extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The policy's name.")
    String name;

    Read(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "reading policy named " + name;
    }

    @Override
    protected int execute() {
      String rules;
      try {
        rules = client().readPolicy(name, false).getPolicy();
      } catch (LeaseholdClientException e) {
        if (e.code() == Status.Code.NOT_FOUND) {
          throw CliFailure.bare("No policy named: " + name, ExitCodes.REMOTE_ERROR);
        }
        throw e;
      }
      Printer p = printer();
      if (p.format() == OutputFormat.TABLE && !p.hasField()) {
        out().println(rules.strip());
        out().flush();
        return ExitCodes.OK;
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("policy", rules);
      return p.ordered(List.of(), json);
    }
  }

  @Command(name = "list", description = {"List the policies' names, one a line.", ""})
  static final class ListPolicies extends ClientCommand {
    ListPolicies(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "listing policies";
    }

    @Override
    protected int execute() {
      List<String> names = client().listPolicies(false);
      switch (printer().format()) {
        case JSON -> out().println(JsonWriter.write(names));
        case YAML -> out().print(YamlWriter.write(names));
        case TABLE -> names.forEach(out()::println);
      }
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete",
      description = {"Delete a policy. Deleting a policy that does not exist succeeds.", ""})
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The policy's name.")
    String name;

    Delete(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "deleting " + name;
    }

    @Override
    protected int execute() {
      client().deletePolicy(name, false);
      return success("Success! Deleted policy: " + name);
    }
  }

  @Command(name = "fmt",
      description = {
        "Check that a policy file is valid HCL, without contacting the server. Prints where"
            + " the first problem is; the file is not changed.",
        ""})
  static final class Fmt extends ClientCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The policy file.")
    String source;

    Fmt(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "formatting policy";
    }

    @Override
    protected int execute() throws IOException {
      String text = readSource(ctx, source);
      try {
        HclParser.parse(text);
      } catch (HclParseException e) {
        throw CliFailure.local("failed to parse policy: " + e.getMessage());
      }
      return success("Success! " + source + " is valid HCL (left as it is).");
    }
  }
}
