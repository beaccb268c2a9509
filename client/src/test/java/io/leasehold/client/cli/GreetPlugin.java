package io.leasehold.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A plugin registered in the test class path's {@code META-INF/services}, the way the server module
 * registers {@code server}: proves discovery, and gives the tests a command with Vault-style flags.
 */
public final class GreetPlugin implements CommandPlugin {

  @Override
  public String name() {
    return "greet";
  }

  @Override
  public Object command() {
    return new Greet();
  }

  @Command(name = "greet", description = "Print a greeting (test plugin).")
  static final class Greet implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "-name", description = "Whom to greet.")
    String name = "world";

    @Option(names = "-times", description = "How many times.")
    int times = 1;

    @Override
    public Integer call() {
      for (int i = 0; i < times; i++) {
        spec.commandLine().getOut().println("hello " + name);
      }
      return ExitCodes.OK;
    }
  }
}
