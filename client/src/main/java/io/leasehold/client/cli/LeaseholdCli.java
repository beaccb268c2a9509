package io.leasehold.client.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code leasehold} command: the root that every subcommand hangs from.
 *
 * <p>Subcommands come from {@link CommandPlugin}s found on the class path at run time. Flags follow
 * Vault's style: commands declare single-dash long options only ({@code -dev-root-token-id=X}), and
 * {@link #execute} also accepts them with two dashes, as Go's flag package does, so help and error
 * messages name the one spelling users know. Every subcommand gets {@code -h}/{@code --help}. Exit
 * codes follow Vault, see {@link ExitCodes}: picocli's own defaults (usage error 2, exception 1)
 * are overridden here, once, for every subcommand.
 */
@Command(
    name = "leasehold",
    versionProvider = LeaseholdVersion.Provider.class,
    synopsisSubcommandLabel = "<command>",
    description = {
      "Leasehold issues and tracks Vault-style tokens (create, look up, renew, revoke, expire)"
          + " behind a gRPC API.",
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:local error: bad flags or arguments, failed validation",
      "2:server error: the server refused or failed the request, or could not be reached",
    },
    footer = {"", "Run 'leasehold <command> -h' for a command's options."})
public final class LeaseholdCli implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @picocli.CommandLine.Option(names = {"-h", "-help", "--help"}, usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @picocli.CommandLine.Option(names = {"-V", "-version", "--version"}, versionHelp = true,
      description = "Print version information and exit.")
  boolean version;

  /** Runs the CLI and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the CLI with the plugins on the class path, printing to {@code System.out} and {@code
   * System.err}; returns the exit code instead of exiting.
   */
  public static int run(String... args) {
    CommandLine cli;
    try {
      cli = newCommandLine();
    } catch (ServiceConfigurationError | IllegalStateException e) {
      // A broken or ambiguous plugin is a packaging problem; say which instead of a stack trace.
      System.err.println("Error loading the leasehold commands: " + e.getMessage());
      return ExitCodes.LOCAL_ERROR;
    }
    return execute(cli, args);
  }

  /**
   * Runs {@code cli} (made by {@link #newCommandLine}) on {@code args} and returns the exit code.
   * Unlike {@link CommandLine#execute}, also accepts {@code --name} for a declared {@code -name}.
   */
  public static int execute(CommandLine cli, String... args) {
    return cli.execute(acceptDoubleDash(cli, args));
  }

  /**
   * Rewrites {@code --name[=value]} to {@code -name[=value]} where only the single-dash option
   * exists somewhere in the command tree; stops at a bare {@code --} (end of options).
   */
  static String[] acceptDoubleDash(CommandLine cli, String[] args) {
    Set<String> names = new HashSet<>();
    collectOptionNames(cli, names);
    String[] result = args.clone();
    for (int i = 0; i < result.length; i++) {
      String arg = result[i];
      if (arg.equals("--")) {
        break;
      }
      if (!arg.startsWith("--")) {
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (!names.contains(name) && names.contains(name.substring(1))) {
        result[i] = arg.substring(1);
      }
    }
    return result;
  }

  private static void collectOptionNames(CommandLine cli, Set<String> names) {
    for (OptionSpec option : cli.getCommandSpec().options()) {
      names.addAll(Arrays.asList(option.names()));
    }
    for (CommandLine sub : cli.getSubcommands().values()) {
      collectOptionNames(sub, names);
    }
  }

  /**
   * A configured {@code leasehold} command line: the client's own commands for the real
   * environment ({@link CliContext#system()}) and the plugins found by {@link #loadPlugins}.
   */
  public static CommandLine newCommandLine() {
    return newCommandLine(CliContext.system());
  }

  /** The client's own commands for {@code ctx} and the plugins found by {@link #loadPlugins}. */
  public static CommandLine newCommandLine(CliContext ctx) {
    List<CommandPlugin> all = new ArrayList<>(ClientCommands.plugins(ctx));
    all.addAll(loadPlugins());
    return newCommandLine(all);
  }

  /**
   * A configured {@code leasehold} command line with exactly the given plugins as subcommands,
   * listed by name.
   *
   * @throws IllegalStateException if two plugins have the same name
   */
  public static CommandLine newCommandLine(Iterable<? extends CommandPlugin> plugins) {
    CommandLine cli = new CommandLine(new LeaseholdCli());
    Map<String, CommandPlugin> byName = new HashMap<>();
    List<CommandPlugin> sorted = new ArrayList<>();
    for (CommandPlugin plugin : plugins) {
      CommandPlugin previous = byName.putIfAbsent(plugin.name(), plugin);
      if (previous != null) {
        throw new IllegalStateException(
            "two plugins provide the command '"
                + plugin.name()
                + "': "
                + previous.getClass().getName()
                + " and "
                + plugin.getClass().getName());
      }
      sorted.add(plugin);
    }
    sorted.sort(Comparator.comparing(CommandPlugin::name));
    for (CommandPlugin plugin : sorted) {
      cli.addSubcommand(plugin.name(), plugin.command());
      addHelpOptions(cli.getSubcommands().get(plugin.name()));
    }
    // Set after adding subcommands: picocli copies these settings to the subcommands it has.
    cli.setParameterExceptionHandler(LeaseholdCli::handleParseError);
    cli.setExecutionExceptionHandler(LeaseholdCli::handleExecutionError);
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    // Go's flag package, which Vault's CLI uses: flags stop at the first positional argument,
    // and "@x" is data (key=@file), not a picocli argument file.
    cli.setStopAtPositional(true);
    cli.setExpandAtFiles(false);
    cli.setExecutionStrategy(parsed -> {
      rejectLateFlags(parsed);
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli;
  }

  /** Vault's words for a flag after a positional argument (which Go's flag package ignores). */
  static final String LATE_FLAGS = "Command flags must be provided before positional arguments."
      + " The following arguments will not be parsed as flags: ";

  /**
   * Refuses flags given after a positional argument, which picocli (stopping at positionals, as
   * Go does) would otherwise take as data: {@code token lookup TOKEN -format=json} must not run.
   */
  private static void rejectLateFlags(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    Set<String> late = new java.util.LinkedHashSet<>();
    for (var positional : last.matchedPositionals()) {
      for (String value : positional.originalStringValues()) {
        if (value.startsWith("-") && value.length() > 1 && !value.equals("--")) {
          late.add(value);
        }
      }
    }
    if (!late.isEmpty()) {
      throw new ParameterException(last.commandSpec().commandLine(),
          LATE_FLAGS + "[" + String.join(" ", late) + "]");
    }
  }

  /** {@code -h}/{@code --help} on every command, whatever its plugin declared. */
  private static void addHelpOptions(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
      spec.addOption(
          OptionSpec.builder("-h", "-help", "--help")
              .usageHelp(true)
              .description("Show this help message and exit.")
              .build());
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      addHelpOptions(sub);
    }
  }

  /** The plugins registered on the thread's context class loader, in class path order. */
  public static List<CommandPlugin> loadPlugins() {
    List<CommandPlugin> plugins = new ArrayList<>();
    ServiceLoader.load(CommandPlugin.class).forEach(plugins::add);
    return plugins;
  }

  /** {@code leasehold} with no command: show what there is, and fail like any usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.LOCAL_ERROR;
  }

  private static int handleParseError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    if (isUnknownCommand(e)) {
      String name = ((UnmatchedArgumentException) e).getUnmatched().get(0);
      err.println("Unknown command: '" + name + "'");
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " -h' to list the commands.");
    } else if (isLateFlag(e)) {
      List<String> late = ((UnmatchedArgumentException) e).getUnmatched().stream()
          .filter(a -> a.startsWith("-") && a.length() > 1).toList();
      err.println("Error: " + LATE_FLAGS + "[" + String.join(" ", late) + "]");
      err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " -h' for usage.");
    } else {
      err.println("Error: " + e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " -h' for usage.");
    }
    err.flush();
    return ExitCodes.LOCAL_ERROR;
  }

  /** A flag left over after positional arguments (not an unknown flag before them). */
  private static boolean isLateFlag(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException u)) {
      return false;
    }
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    if (spec.positionalParameters().isEmpty()) {
      return false; // nothing positional to come after: an unknown word or flag
    }
    for (String arg : u.getUnmatched()) {
      if (!arg.startsWith("-") || arg.length() < 2) {
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      // Not an unknown option: picocli stopped at a positional, and a known flag came later.
      if (!e.getMessage().startsWith("Unknown option") || spec.findOption(name) != null) {
        return true;
      }
    }
    return false;
  }

  /** A word (not a flag) where a command that takes no positional arguments wants a subcommand. */
  private static boolean isUnknownCommand(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException)) {
      return false;
    }
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    List<String> unmatched = ((UnmatchedArgumentException) e).getUnmatched();
    return !spec.subcommands().isEmpty()
        && spec.positionalParameters().isEmpty()
        && !unmatched.isEmpty()
        && !unmatched.get(0).startsWith("-");
  }

  private static int handleExecutionError(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println("Error: " + describe(e));
    err.flush();
    return ExitCodes.forException(e);
  }

  /** The exception's message, or its type when it has none. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }
}
