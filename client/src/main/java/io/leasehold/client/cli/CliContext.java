package io.leasehold.client.cli;

import io.leasehold.client.ClientConfig;
import io.leasehold.client.LeaseholdClient;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What the client commands take from the world: environment variables, the home directory (for
 * {@code ~/.leasehold-token}), standard input, and how to reach a server. The real CLI uses
 * {@link #system()}; tests pass their own environment, a temporary home and an in-process server.
 *
 * @param env environment variables
 * @param home the home directory
 * @param stdin standard input (policy text, {@code key=-} values)
 * @param connector opens a client for a configuration; the command closes it
 */
public record CliContext(Map<String, String> env, Path home, InputStream stdin,
    Function<ClientConfig, LeaseholdClient> connector) {

  /**
   * The process's environment, the home directory ({@code $HOME} like Vault's token helper, else
   * {@code user.home}), {@code System.in} and real Netty channels.
   */
  public static CliContext system() {
    Map<String, String> env = System.getenv();
    String home = env.get("HOME");
    return new CliContext(env,
        Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home),
        System.in, LeaseholdClient::connect);
  }
}
