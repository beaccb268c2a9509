package io.leasehold.client.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a secret the CLI should not take from the command line (a token, an unseal key): from the
 * terminal without echo when there is one, as Vault prompts, else the first line of standard input
 * (so {@code echo $KEY | leasehold operator unseal} works and the key stays out of the process
 * list and shell history).
 */
final class SecretInput {
  private SecretInput() {}

  /**
   * The secret, trimmed; empty when standard input ends first.
   *
   * @param prompt what to show on the terminal, e.g. {@code Unseal Key (will be hidden): };
   *     nothing is shown when reading from a pipe
   */
  static String read(CliContext ctx, String prompt) throws IOException {
    Console console = System.console();
    if (console != null && ctx.stdin() == System.in && isTerminal(console)) {
      char[] chars = console.readPassword("%s", prompt);
      // The Enter that ended the input was not echoed: end the prompt's line ourselves.
      console.writer().println();
      console.flush();
      return chars == null ? "" : new String(chars).trim();
    }
    BufferedReader r = new BufferedReader(new InputStreamReader(ctx.stdin(),
        StandardCharsets.UTF_8));
    String line = r.readLine();
    return line == null ? "" : line.trim();
  }

  /**
   * Whether the console is a terminal. Before JDK 22 a console exists only then; from JDK 22 on
   * there may be one with redirected streams, and {@code Console.isTerminal()} tells.
   */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
