package io.leasehold.client.cli;

import io.leasehold.client.cli.paths.PathOp;
import io.leasehold.client.cli.paths.PathRoute;
import io.leasehold.client.cli.paths.PathRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The client's own commands ({@code token}, {@code policy}, {@code read}, ...), built for one
 * {@link CliContext}, in the {@link CommandPlugin} form the root command takes.
 */
public final class ClientCommands {
  private ClientCommands() {}

  /** A top-level command and its name. */
  record Builtin(String name, Object command) implements CommandPlugin {}

  /**
   * Every client command for {@code ctx}, routing paths with {@link PathRouter#standard()} (built
   * only when a path command runs, so other commands start without it).
   */
  public static List<CommandPlugin> plugins(CliContext ctx) {
    return plugins(ctx, PathRouter::standard);
  }

  /** Every client command for {@code ctx}, routing generic paths with {@code router}. */
  public static List<CommandPlugin> plugins(CliContext ctx, Supplier<PathRouter> router) {
    List<CommandPlugin> all = new ArrayList<>();
    all.add(new Builtin("status", new StatusCommand(ctx)));
    all.add(new Builtin("login", new LoginCommand(ctx)));
    all.add(new Builtin("token", group(new TokenGroup(),
        new TokenCreateCommand(ctx), new TokenLookupCommand(ctx), new TokenRenewCommand(ctx),
        new TokenRevokeCommand(ctx), new TokenCapabilitiesCommand(ctx))));
    all.add(new Builtin("policy", group(new PolicyGroup(),
        new PolicyCommands.Write(ctx), new PolicyCommands.Read(ctx),
        new PolicyCommands.ListPolicies(ctx), new PolicyCommands.Delete(ctx),
        new PolicyCommands.Fmt(ctx))));
    all.add(new Builtin("auth", group(new AuthGroup(new AuthCommands.ListMethods(ctx)),
        new AuthCommands.ListMethods(ctx), new AuthCommands.Tune(ctx),
        new AuthCommands.Enable(ctx), new AuthCommands.Disable(ctx))));
    all.add(new Builtin("lease", group(new LeaseGroup(), new LeaseRevokeCommand(ctx))));
    all.add(new Builtin("operator", group(new OperatorGroup(),
        new OperatorCommands.Init(ctx), new OperatorCommands.Unseal(ctx),
        new OperatorCommands.Seal(ctx), new GenerateRootCommand(ctx),
        new OperatorCommands.Rotate(ctx))));
    all.add(new Builtin("read", withPaths(new PathCommand.Read(ctx, router), PathOp.READ, router)));
    all.add(new Builtin("write",
        withPaths(new PathCommand.Write(ctx, router), PathOp.WRITE, router)));
    all.add(new Builtin("list",
        withPaths(new PathCommand.ListKeys(ctx, router), PathOp.LIST, router)));
    all.add(new Builtin("delete",
        withPaths(new PathCommand.Delete(ctx, router), PathOp.DELETE, router)));
    // Vault 0.x spellings the older walkthrough uses (vault token-create ...), kept out of help.
    all.add(new Builtin("token-create", hidden(new TokenCreateCommand(ctx))));
    all.add(new Builtin("token-lookup", hidden(new TokenLookupCommand(ctx))));
    all.add(new Builtin("token-renew", hidden(new LegacyTokenRenew(ctx))));
    all.add(new Builtin("token-revoke", hidden(new LegacyTokenRevoke(ctx))));
    return all;
  }

  private static CommandLine group(Object group, Object... subcommands) {
    CommandLine cli = new CommandLine(group);
    for (Object sub : subcommands) {
      cli.addSubcommand(sub);
    }
    return cli;
  }

  /** The command, its help ending with the paths it serves (listed only when help is shown). */
  private static CommandLine withPaths(Object command, PathOp op, Supplier<PathRouter> router) {
    CommandLine cli = new CommandLine(command);
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
      StringBuilder b = new StringBuilder("%nPaths served:%n".formatted());
      for (PathRoute r : router.get().routes()) {
        if (r.ops().contains(op)) {
          b.append("  ").append(r.pattern()).append(System.lineSeparator());
        }
      }
      return b.toString();
    });
    return cli;
  }

  private static CommandLine hidden(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.getCommandSpec().usageMessage().hidden(true);
    return cli;
  }

  /** A command group run without a subcommand: show its usage, fail as a usage error. */
  abstract static class Group implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return ExitCodes.LOCAL_ERROR;
    }
  }

  @Command(name = "token", synopsisSubcommandLabel = "<subcommand>",
      description = "Create, look up, renew and revoke tokens.",
      commandListHeading = "%nSubcommands:%n")
  static final class TokenGroup extends Group {}

  @Command(name = "policy", synopsisSubcommandLabel = "<subcommand>",
      description = "Write, read, list and delete policies.",
      commandListHeading = "%nSubcommands:%n")
  static final class PolicyGroup extends Group {}

  @Command(name = "lease", synopsisSubcommandLabel = "<subcommand>",
      description = "Revoke leases (Leasehold's leases are its tokens).",
      commandListHeading = "%nSubcommands:%n")
  static final class LeaseGroup extends Group {}

  @Command(name = "operator", synopsisSubcommandLabel = "<subcommand>",
      description = "Initialize, unseal and seal the server; generate a root token; rotate the"
          + " encryption key.",
      commandListHeading = "%nSubcommands:%n")
  static final class OperatorGroup extends Group {}

  @Command(name = "auth", synopsisSubcommandLabel = "<subcommand>",
      description = "List, tune, enable and disable auth methods.",
      commandListHeading = "%nSubcommands:%n")
  static final class AuthGroup extends Group {
    private final AuthCommands.ListMethods list;

    @Option(names = "-methods", hidden = true,
        description = "Vault 0.x's 'auth -methods': same as 'auth list'.")
    boolean methods;

    AuthGroup(AuthCommands.ListMethods list) {
      this.list = list;
    }

    @Override
    public Integer call() {
      if (methods) {
        list.spec = spec; // prints through this command line's writers
        list.connection = new ConnectionOptions();
        list.output = new OutputOptions();
        return list.call();
      }
      return super.call();
    }
  }

  /** Vault 0.x's {@code token-revoke [-prefix] TOKEN|PATH}. */
  @Command(name = "token-revoke", description = "Vault 0.x's token-revoke.")
  static final class LegacyTokenRevoke extends ClientCommand {
    @Option(names = "-prefix", arity = "0..1", fallbackValue = "true",
        description = "Revoke every token created under the path prefix.")
    boolean prefix;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "TOKEN")
    String token;

    LegacyTokenRevoke(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "revoking token";
    }

    @Override
    protected int execute() {
      if (prefix) {
        printer().warnings(client().revokePrefix(token).getWarningsList());
      } else {
        printer().warnings(client().revokeToken(token).getWarningsList());
      }
      return success("Success! Revoked token (if it existed)");
    }
  }

  /** Vault 0.x's {@code token-renew [TOKEN [INCREMENT]]}. */
  @Command(name = "token-renew", description = "Vault 0.x's token-renew.")
  static final class LegacyTokenRenew extends ClientCommand {
    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN")
    String token;

    @picocli.CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "INCREMENT",
        converter = Converters.GoDuration.class)
    java.time.Duration increment;

    LegacyTokenRenew(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "renewing token";
    }

    @Override
    protected int execute() {
      java.time.Duration inc = increment == null || increment.isZero() ? null : increment;
      var r = token == null ? client().renewSelf(inc) : client().renewToken(token, inc);
      return printer().secret(io.leasehold.client.output.Secret.ofAuth(
          io.leasehold.client.output.TokenViews.auth(r.getAuth()), r.getWarningsList()));
    }
  }
}
