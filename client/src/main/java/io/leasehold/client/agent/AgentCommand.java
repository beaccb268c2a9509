package io.leasehold.client.agent;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.leasehold.client.cli.CommandPlugin;
import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.renewal.AppRoleAuth;
import io.leasehold.client.renewal.AppRoleLogin;
import io.leasehold.client.renewal.Credential;
import io.leasehold.client.renewal.GrpcAppRoleLogin;
import io.leasehold.client.renewal.GrpcTokenSession;
import io.leasehold.client.renewal.PromptReconnect;
import io.leasehold.client.renewal.SystemScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leasehold agent -config=FILE}: the sidecar that keeps a token fresh in a file for
 * applications that cannot speak to the server themselves. See {@link AgentConfigParser} for the
 * file and {@link Agent} for what it does.
 */
@Command(
    name = "agent",
    sortOptions = false,
    description = {
      "Run the Leasehold agent: log in with AppRole, write the token to a file atomically,"
          + " keep it renewed, and log in again when it can no longer be renewed.",
      "",
      "The server address comes from LEASEHOLD_ADDR, else VAULT_ADDR, else the config's"
          + " vault { address = ... }, else 127.0.0.1:8200 (plaintext gRPC).",
      "",
    })
public final class AgentCommand implements CommandPlugin, Callable<Integer> {
  /** Every call to the server gives up after this long; the loops retry. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

  static final String DEFAULT_ADDRESS = "127.0.0.1:8200";

  @Spec private CommandSpec spec;

  @Option(
      names = "-config",
      paramLabel = "FILE",
      required = true,
      description = "The agent configuration file (HCL, Vault Agent's shape).")
  Path config;

  private final UnaryOperator<String> env;
  private final Consumer<Thread> shutdownHooks;
  private final BiFunction<Channel, Duration, AppRoleLogin> appRoleLogins;

  /**
   * The command as the CLI runs it: the process environment, the JVM's shutdown hooks, AppRole
   * logins over gRPC ({@link GrpcAppRoleLogin}).
   */
  public AgentCommand() {
    this(System::getenv, Runtime.getRuntime()::addShutdownHook, GrpcAppRoleLogin::new);
  }

  /** For tests: a fake environment, hook registry and AppRole login. */
  AgentCommand(UnaryOperator<String> env, Consumer<Thread> shutdownHooks,
      BiFunction<Channel, Duration, AppRoleLogin> appRoleLogins) {
    this.env = env;
    this.shutdownHooks = shutdownHooks;
    this.appRoleLogins = appRoleLogins;
  }

  @Override
  public String name() {
    return "agent";
  }

  @Override
  public Object command() {
    return this;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Prepared prepared;
    try {
      prepared = prepare(config, env);
    } catch (AgentConfigException | IOException | IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return ExitCodes.LOCAL_ERROR;
    }
    ManagedChannel managed =
        ManagedChannelBuilder.forTarget(prepared.target()).usePlaintext().build();
    // The agent's backoff alone paces retries after an outage, not the channel's as well.
    Channel channel = PromptReconnect.wrap(managed);
    try (SystemScheduler scheduler = new SystemScheduler("leasehold-agent")) {
      AgentConfig c = prepared.config();
      AppRoleLogin login = appRoleLogins.apply(channel, CALL_DEADLINE);
      Agent agent = new Agent(c, appRole(c.appRole(), login),
          new GrpcTokenSession(channel, CALL_DEADLINE), scheduler, prepared.sinks(),
          new Random(), err, java.time.Clock.systemUTC());
      shutdownHooks.accept(new Thread(agent::shutdown, "leasehold-agent-shutdown"));
      agent.start();
      return agent.awaitExit();
    } finally {
      managed.shutdownNow();
      managed.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A checked configuration: parsed, address resolved, credential files and sinks usable. */
  record Prepared(AgentConfig config, String target, List<FileSink> sinks) {}

  /**
   * Everything that can fail before the agent runs, checked at once so a bad setup fails fast:
   * the file, the address, the role ID file, and each sink's directory.
   */
  static Prepared prepare(Path file, UnaryOperator<String> env)
      throws AgentConfigException, IOException {
    AgentConfig c = AgentConfigParser.parse(file);
    String target = ServerAddress.target(firstSet(
        env.apply("LEASEHOLD_ADDR"), env.apply("VAULT_ADDR"), c.address(), DEFAULT_ADDRESS));
    Path roleId = c.appRole().roleIdFile();
    if (!Files.isRegularFile(roleId)) {
      throw new IOException("role_id_file_path " + roleId + " does not exist or is not a file");
    }
    if (!Files.isReadable(roleId)) {
      throw new IOException("role_id_file_path " + roleId + " is not readable");
    }
    List<FileSink> sinks = new ArrayList<>();
    for (AgentConfig.FileSinkConfig s : c.sinks()) {
      FileSink sink = new FileSink(s.path(), s.mode());
      sink.check();
      sinks.add(sink);
    }
    return new Prepared(c, target, sinks);
  }

  static AppRoleAuth appRole(AgentConfig.AppRole files, AppRoleLogin login) {
    Credential roleId = Credential.fromFile("role_id", files.roleIdFile(), false);
    Credential secretId = files.secretIdFile() == null ? null
        : Credential.fromFile("secret_id", files.secretIdFile(),
            files.removeSecretIdFileAfterReading());
    return new AppRoleAuth(roleId, secretId, login);
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    throw new IllegalStateException("unreachable: the default is set");
  }
}
