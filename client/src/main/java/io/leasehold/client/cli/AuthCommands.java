package io.leasehold.client.cli;

import io.leasehold.client.cli.paths.AuthMountViews;
import io.leasehold.client.cli.paths.Settings;
import io.leasehold.client.output.JsonWriter;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.YamlWriter;
import io.leasehold.proto.v1.AuthMount;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.TuneAuthRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        Map<String, Object> json = AuthMountViews.data(mounts);
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
              AuthMountViews.ttlCell(m.getTunedDefaultLeaseTtl()),
              AuthMountViews.ttlCell(m.getTunedMaxLeaseTtl()), Settings.name(m.getTokenType()),
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
    @Mixin MountConfigOptions mountConfig = new MountConfigOptions();

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
      mountConfig.applyTo(b::setDefaultLeaseTtl, b::setMaxLeaseTtl, b::setTokenType);
      if (description != null) {
        b.setDescription(description);
      }
      printer().warnings(client().tuneAuth(b.build()).getWarningsList());
      return success("Success! Tuned the auth method at: " + mountPath(path));
    }
  }

  @Command(name = "enable", sortOptions = false,
      description = {
        "Enable an auth method at a path (default: its type).",
        "",
        "Examples:",
        "  leasehold auth enable approle",
        "  leasehold auth enable -path=ci/approle -description=\"CI machines\" approle",
        ""})
  static final class Enable extends ClientCommand {
    @Option(names = "-path", paramLabel = "PATH", description = "Where to mount it.")
    String path;

    @Option(names = "-description", paramLabel = "TEXT", description = "A description.")
    String description = "";

    @Mixin MountConfigOptions mountConfig = new MountConfigOptions();

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
      String at = mountPath(path == null || path.isBlank() ? type : path);
      EnableAuthRequest.Builder b = EnableAuthRequest.newBuilder().setPath(at).setType(type)
          .setDescription(description);
      mountConfig.applyTo(b::setDefaultLeaseTtl, b::setMaxLeaseTtl, b::setTokenType);
      printer().warnings(client().enableAuth(b.build()).getWarningsList());
      return success("Success! Enabled " + type + " auth method at: " + at);
    }
  }

  @Command(name = "disable",
      description = {"Disable the auth method at a path, revoking the tokens it issued.", "",
        "Example:", "  leasehold auth disable approle/", ""})
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
      client().disableAuth(mountPath(path));
      return success("Success! Disabled the auth method (if it existed) at: " + mountPath(path));
    }
  }
}
