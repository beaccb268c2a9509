package io.leasehold.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class LeaseholdCliTest {

  /** A plugin made on the spot; a record supplies name() and command(). */
  record Plugin(String name, Object command) implements CommandPlugin {}

  record Result(int exitCode, String out, String err) {}

  @Command(name = "fail", description = "Fails the way it is told to.")
  static final class Failing implements Callable<Integer> {
    private final Exception failure;

    Failing(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  @Command(name = "code", description = "Returns the exit code it is given.")
  static final class Returning implements Callable<Integer> {
    private final int code;

    Returning(int code) {
      this.code = code;
    }

    @Override
    public Integer call() {
      return code;
    }
  }

  private static Result run(List<? extends CommandPlugin> plugins, String... args) {
    return run(LeaseholdCli.newCommandLine(plugins), args);
  }

  private static Result run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = LeaseholdCli.execute(cli, args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  private static final List<CommandPlugin> GREET = List.of(new GreetPlugin());

  @Test
  void help_listsPluginCommandsWithDescriptions_exit0() {
    Result result = run(GREET, "-h");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: leasehold [-hV] <command>")
        .contains("Vault-style tokens")
        .containsPattern("(?m)^Commands:$")
        .containsPattern("(?m)^  greet +Print a greeting \\(test plugin\\)\\.$")
        .contains("1   local error")
        .contains("2   server error");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void help_longForm_sameAsShort() {
    assertThat(run(GREET, "--help")).isEqualTo(run(GREET, "-h"));
  }

  @Test
  void help_listsCommandsSortedByName() {
    Result result =
        run(
            List.of(new Plugin("zeta", new Returning(0)), new Plugin("alpha", new Returning(0))),
            "-h");

    assertThat(result.out().indexOf("  alpha"))
        .isPositive()
        .isLessThan(result.out().indexOf("  zeta"));
  }

  @Test
  void version_printsLeaseholdVersion_exit0() {
    Result result = run(GREET, "-V");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo("Leasehold v" + LeaseholdVersion.get() + System.lineSeparator());
    assertThat(LeaseholdVersion.get()).isNotEqualTo("unknown").doesNotContain("${");
  }

  @Test
  void noCommand_printsUsageToStderr_exit1() {
    Result result = run(GREET);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("Usage: leasehold").contains("greet");
  }

  @Test
  void unknownCommand_namesItAndPointsAtHelp_exit1() {
    Result result = run(GREET, "frobnicate", "-x");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("Unknown command: 'frobnicate'")
        .contains("Run 'leasehold -h' to list the commands.");
  }

  @Test
  void unknownCommand_closeToARealOne_suggestsIt() {
    Result result = run(GREET, "gret");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains("Did you mean: leasehold greet?");
  }

  @Test
  void unknownCommand_withoutAnyPlugins_exit1() {
    Result result = run(List.of(), "server", "-dev");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains("'server'");
  }

  @Test
  void unknownRootOption_exit1() {
    Result result = run(GREET, "-nope");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).startsWith("Error: Unknown option: '-nope'").contains("leasehold -h");
  }

  @Test
  void pluginDiscovery_findsPluginsRegisteredInMetaInfServices() {
    assertThat(LeaseholdCli.loadPlugins()).extracting(CommandPlugin::name).contains("greet");

    Result result = run(LeaseholdCli.newCommandLine(), "greet", "-name=discovered");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("hello discovered" + System.lineSeparator());
  }

  @Test
  void pluginsWithTheSameName_refused() {
    List<CommandPlugin> plugins = List.of(new GreetPlugin(), new Plugin("greet", new Returning(0)));

    assertThatThrownBy(() -> LeaseholdCli.newCommandLine(plugins))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'greet'")
        .hasMessageContaining(GreetPlugin.class.getName());
  }

  @Test
  void subcommand_getsHelpOptionItDidNotDeclare() {
    Result result = run(GREET, "greet", "-h");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: leasehold greet")
        .contains("-name=<name>")
        .contains("-h, -help, --help");
  }

  @Test
  void singleDashLongOptions_withEqualsOrSpace() {
    assertThat(run(GREET, "greet", "-name=a", "-times=2").out())
        .isEqualTo("hello a%nhello a%n".formatted());
    assertThat(run(GREET, "greet", "-name", "b").out()).isEqualTo("hello b%n".formatted());
  }

  @Test
  void doubleDashLongOptions_acceptedLikeGoFlags() {
    assertThat(run(GREET, "greet", "--name=c", "--times", "2").out())
        .isEqualTo("hello c%nhello c%n".formatted());
  }

  @Test
  void doubleDash_afterEndOfOptions_leftAlone() {
    String[] rewritten =
        LeaseholdCli.acceptDoubleDash(
            LeaseholdCli.newCommandLine(GREET),
            new String[] {"greet", "--name=x", "--", "--name=y"});

    assertThat(rewritten).containsExactly("greet", "-name=x", "--", "--name=y");
  }

  @Test
  void badOptionValue_inPlugin_exit1NamingTheOption() {
    Result result = run(GREET, "greet", "--times=many");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err())
        .contains("Invalid value for option '-times'")
        .contains("Run 'leasehold greet -h' for usage.");
  }

  @Test
  void extraArgument_inPlugin_exit1() {
    Result result = run(GREET, "greet", "surplus");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains("'surplus'");
  }

  @Test
  void commandExitCode_passedThrough() {
    List<CommandPlugin> plugins =
        List.of(new Plugin("code", new Returning(ExitCodes.REMOTE_ERROR)));

    assertThat(run(plugins, "code").exitCode()).isEqualTo(ExitCodes.REMOTE_ERROR);
  }

  @Test
  void grpcFailure_exit2WithMessageNoStackTrace() {
    Exception failure =
        Status.PERMISSION_DENIED.withDescription("permission denied").asRuntimeException();

    Result result = run(List.of(new Plugin("fail", new Failing(failure))), "fail");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REMOTE_ERROR);
    assertThat(result.err()).isEqualTo("Error: PERMISSION_DENIED: permission denied%n".formatted());
  }

  @Test
  void wrappedGrpcFailure_exit2() {
    Exception failure =
        new IllegalStateException("lookup failed", Status.UNAVAILABLE.asException());

    Result result = run(List.of(new Plugin("fail", new Failing(failure))), "fail");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REMOTE_ERROR);
    assertThat(result.err()).startsWith("Error: lookup failed");
  }

  @Test
  void localFailure_exit1() {
    Exception failure = new IllegalArgumentException("no such file: policy.hcl");

    Result result = run(List.of(new Plugin("fail", new Failing(failure))), "fail");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).isEqualTo("Error: no such file: policy.hcl%n".formatted());
  }

  @Test
  void failureWithoutMessage_namesItsType() {
    Result result =
        run(List.of(new Plugin("fail", new Failing(new NullPointerException()))), "fail");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains("java.lang.NullPointerException");
  }
}
