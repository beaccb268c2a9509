package io.leasehold.client.cli;

/**
 * A top-level {@code leasehold} command contributed by a module on the class path.
 *
 * <p>{@link LeaseholdCli} finds plugins at run time with {@link java.util.ServiceLoader}, so the
 * client never depends on the modules that extend it (the server module contributes {@code
 * server}). To contribute a command, implement this interface in a public class with a public
 * no-argument constructor and list that class in {@code
 * META-INF/services/io.leasehold.client.cli.CommandPlugin}.
 */
public interface CommandPlugin {

  /**
   * The name users type, e.g. {@code server}. Unique among the plugins on the class path; the CLI
   * refuses to start when two plugins claim the same name.
   */
  String name();

  /**
   * The picocli command to run: an object annotated with {@code @picocli.CommandLine.Command}
   * (usually a {@code Callable<Integer>} that returns one of {@link ExitCodes}), or a ready {@code
   * CommandLine}. Its {@code @Command} description is what {@code leasehold -h} lists.
   */
  Object command();
}
