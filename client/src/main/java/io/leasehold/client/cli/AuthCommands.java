package io.leasehold.client.cli;

import io.leasehold.client.GoDurations;
import io.leasehold.client.cli.paths.Settings;
import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.output.JsonWriter;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.YamlWriter;
import io.leasehold.proto.v1.AuthMount;
import io.leasehold.proto.v1.TuneAuthRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leasehold auth ...}: Vault's {@code vault auth} commands. */
final class AuthCommands {
  private AuthCommands() {}

  /** A mount path as Vault writes it: no leading slash, one trailing slash. */
  static String mountPath(String path) {
    String p = path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.endsWith("/") ? p : p + "/";
  }

  @Command(name = "list", sortOptions = false,
      description = {"List the enabled auth methods.", ""})
  static final class ListMethods extends ClientCommand {
    @Option(names = "-detailed", arity = "0..1", fallbackValue = "true",
        description = "Also show TTLs, token type and more.")
    boolean detailed;

    ListMethods(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "listing enabled authentications";
    }

    @Override
    protected int execute() {
      List<AuthMount> mounts = client().listAuthMounts().getMountsList();
      OutputFormat format = printer().format();
      if (format != OutputFormat.TABLE) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (AuthMount m : mounts) {
          Map<String, Object> config = new LinkedHashMap<>();
          config.put("default_lease_ttl", m.getDefaultLeaseTtl().getSeconds());
          config.put("force_no_cache", false);
          config.put("max_lease_ttl", m.getMaxLeaseTtl().getSeconds());
          config.put("token_type", Settings.name(m.getTokenType()));
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("type", m.getType());
          entry.put("description", m.getDescription());
          entry.put("accessor", m.getAccessor());
          entry.put("config", config);
          entry.put("local", false);
          entry.put("seal_wrap", false);
          json.put(m.getPath(), entry);
        }
        out().println(format == OutputFormat.JSON ? JsonWriter.write(json).strip()
            : YamlWriter.write(json).strip());
        out().flush();
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      if (detailed) {
        rows.add(List.of("Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Token Type",
            "Replication", "Seal Wrap", "Description"));
        rows.add(List.of("----", "------", "--------", "-----------", "-------", "----------",
            "-----------", "---------", "-----------"));
        for (AuthMount m : mounts) {
          rows.add(List.of(m.getPath(), m.getType(), m.getAccessor(),
              GoDurations.human(m.getDefaultLeaseTtl().getSeconds()),
              GoDurations.human(m.getMaxLeaseTtl().getSeconds()), Settings.name(m.getTokenType()),
              "replicated", "false", m.getDescription()));
        }
      } else {
        rows.add(List.of("Path", "Type", "Accessor", "Description"));
        rows.add(List.of("----", "----", "--------", "-----------"));
        for (AuthMount m : mounts) {
          rows.add(List.of(m.getPath(), m.getType(), m.getAccessor(), m.getDescription()));
        }
      }
      out().print(io.leasehold.client.output.Columns.format(rows));
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "tune", sortOptions = false,
      description = {
        "Change an auth method's TTLs or description.",
        "",
        "Example:",
        "  leasehold auth tune -default-lease-ttl=8h -max-lease-ttl=720h token/",
        ""})
  static final class Tune extends ClientCommand {
    @Option(names = "-default-lease-ttl", paramLabel = "DURATION",
        converter = Converters.GoDuration.class,
        description = "Default TTL of tokens issued by this method (0: the system default).")
    Duration defaultLeaseTtl;

    @Option(names = "-max-lease-ttl", paramLabel = "DURATION",
        converter = Converters.GoDuration.class,
        description = "Maximum TTL of tokens issued by this method (0: the system default).")
    Duration maxLeaseTtl;

    @Option(names = "-description", paramLabel = "TEXT", description = "New description.")
    String description;

    @Parameters(index = "0", paramLabel = "PATH", description = "The method's path, e.g. token/.")
    String path;

    Tune(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "tuning auth method " + mountPath(path);
    }

    @Override
    protected int execute() {
      TuneAuthRequest.Builder b = TuneAuthRequest.newBuilder().setPath(mountPath(path));
      if (defaultLeaseTtl != null) {
        b.setDefaultLeaseTtl(LeaseholdClient.toProto(defaultLeaseTtl));
      }
      if (maxLeaseTtl != null) {
        b.setMaxLeaseTtl(LeaseholdClient.toProto(maxLeaseTtl));
      }
      if (description != null) {
        b.setDescription(description);
      }
      printer().warnings(client().tuneAuth(b.build()).getWarningsList());
      return success("Success! Tuned the auth method at: " + mountPath(path));
    }
  }

  /** Said while the server cannot enable or disable auth methods (only token/ exists). */
  static final String NOT_YET = "this Leasehold version cannot enable or disable auth methods"
      + " yet: only the token/ method exists (AppRole is coming)";

  @Command(name = "enable", sortOptions = false,
      description = {
        "Enable an auth method at a path (default: its type), e.g. leasehold auth enable"
            + " approle.",
        ""})
  static final class Enable extends ClientCommand {
    @Option(names = "-path", paramLabel = "PATH", description = "Where to mount it.")
    String path;

    @Option(names = "-description", paramLabel = "TEXT", description = "A description.")
    String description = "";

    @Parameters(index = "0", paramLabel = "TYPE", description = "The method's type: approle.")
    String type;

    Enable(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "enabling " + type + " auth";
    }

    @Override
    protected int execute() {
      throw CliFailure.local(NOT_YET);
    }
  }

  @Command(name = "disable",
      description = {"Disable the auth method at a path, revoking its tokens.", ""})
  static final class Disable extends ClientCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The method's path.")
    String path;

    Disable(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "disabling auth method at " + mountPath(path);
    }

    @Override
    protected int execute() {
      throw CliFailure.local(NOT_YET);
    }
  }
}
