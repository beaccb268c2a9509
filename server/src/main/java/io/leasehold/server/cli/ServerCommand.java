package io.leasehold.server.cli;

import io.leasehold.client.cli.CommandPlugin;
import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.cli.LeaseholdVersion;
import io.leasehold.server.LeaseholdServer;
import io.leasehold.server.config.ConfigException;
import io.leasehold.server.config.ListenAddress;
import io.leasehold.server.config.ServerConfig;
import io.leasehold.server.config.ServerConfigParser;
import io.leasehold.server.config.StorageBackends;
import io.leasehold.server.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code leasehold server}: runs a Leasehold server in the foreground until it is interrupted.
 *
 * <p>With {@code -dev}: in memory, initialized and unsealed at start, unseal key and root token
 * printed in a banner. Otherwise: the configuration file given with {@code -config} (or the
 * built-in default), starting sealed, to be initialized and unsealed by operators. The command is
 * contributed to the {@code leasehold} CLI as a {@link CommandPlugin}, so it appears whenever the
 * server jar is on the class path.
 */
@Command(
    name = "server",
    sortOptions = false,
    description = {
      "Start a Leasehold server and keep it running until interrupted (Ctrl-C or SIGTERM).",
      "",
      "With -config=FILE (or, without it, the built-in default: durable storage under"
          + " ./leasehold-data, listening on 127.0.0.1:8200) the server starts sealed: initialize"
          + " it once with 'leasehold operator init', then unseal it after every start with"
          + " 'leasehold operator unseal'.",
      "",
      "With -dev it keeps everything in memory, starts initialized and unsealed, prints its"
          + " unseal key and root token, and forgets everything when it stops.",
      "",
    })
public final class ServerCommand implements CommandPlugin, Callable<Integer> {

  /** Vault's text, kept verbatim: scripts and users recognise it. */
  static final String ROOT_TOKEN_OUTSIDE_DEV_WARNING =
      "You cannot specify a custom root token ID outside of \"dev\" mode. "
          + "Your request has been ignored.";

  @Spec private CommandSpec spec;

  @Option(
      names = "-dev",
      description = {
        "Dev mode: in-memory storage (lost on exit), initialized with a single unseal key and"
            + " unsealed at start, root token printed at start. Not for production."
      })
  boolean dev;

  // No ${DEFAULT-VALUE} in the description: the default may come from the environment and is a
  // secret.
  @Option(
      names = "-dev-root-token-id",
      paramLabel = "ID",
      defaultValue = "${env:LEASEHOLD_DEV_ROOT_TOKEN_ID}",
      description = {
        "The ID of the dev root token, instead of a random one. Only with -dev. Also read from"
            + " LEASEHOLD_DEV_ROOT_TOKEN_ID."
      })
  String devRootTokenId;

  @Option(
      names = "-config",
      paramLabel = "FILE",
      description = {
        "The server configuration (HCL, Vault's shape: storage, listener, default_lease_ttl,"
            + " max_lease_ttl, cluster_name, log_level). Without it and without -dev: durable"
            + " storage under ./leasehold-data, listening on 127.0.0.1:8200."
      })
  Path configFile;

  @Option(
      names = "-dev-listen-address",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:LEASEHOLD_DEV_LISTEN_ADDRESS:-127.0.0.1:8200}",
      converter = ListenAddressConverter.class,
      description = {
        "Where the dev server listens (plaintext gRPC); port 0 picks a free port. Default"
            + " 127.0.0.1:8200. Also read from LEASEHOLD_DEV_LISTEN_ADDRESS."
      })
  InetSocketAddress devListenAddress;

  private final DevServerLauncher launcher;
  private final ConfiguredServerLauncher configured;
  private final StorageBackends backends;
  private final Consumer<Thread> shutdownHooks;

  /** The command as the CLI runs it: a real server, stopped by a JVM shutdown hook. */
  public ServerCommand() {
    this(StorageBackends.builtIn());
  }

  private ServerCommand(StorageBackends backends) {
    this(ServerCommand::startLeaseholdServer, c -> startConfiguredServer(c, backends), backends,
        Runtime.getRuntime()::addShutdownHook);
  }

  /** For tests: a fake dev server, and a hook registry that does not touch the JVM's. */
  ServerCommand(DevServerLauncher launcher, Consumer<Thread> shutdownHooks) {
    this(launcher, c -> {
      throw new IOException("no configured server in this test");
    }, StorageBackends.builtIn(), shutdownHooks);
  }

  /** For tests: fake servers for both modes, and the backends configurations may name. */
  ServerCommand(DevServerLauncher launcher, ConfiguredServerLauncher configured,
      StorageBackends backends, Consumer<Thread> shutdownHooks) {
    this.launcher = launcher;
    this.configured = configured;
    this.backends = backends;
    this.shutdownHooks = shutdownHooks;
  }

  @Override
  public String name() {
    return "server";
  }

  @Override
  public Object command() {
    return this;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!dev) {
      return runConfigured(out, err);
    }
    if (configFile != null) {
      err.println("Error: -config and -dev cannot be used together: dev mode has its own"
          + " in-memory configuration.");
      err.flush();
      return ExitCodes.LOCAL_ERROR;
    }

    DevServer server;
    try {
      server = launcher.start(devListenAddress, rootTokenIdGiven() ? devRootTokenId : null);
    } catch (IOException | RuntimeException e) {
      err.println(
          "Error starting the dev server on " + format(devListenAddress) + ": " + describe(e));
      err.flush();
      return ExitCodes.LOCAL_ERROR;
    }
    return serve(server, banner(server.address(), server.unsealKey(), server.rootToken()), out,
        err);
  }

  /** Without -dev: the configuration file (or the built-in default), sealed until unsealed. */
  private int runConfigured(PrintWriter out, PrintWriter err) {
    if (rootTokenIdGiven()) {
      err.println(ROOT_TOKEN_OUTSIDE_DEV_WARNING);
    }
    ServerConfig config;
    try {
      config = configFile == null
          ? ServerConfigParser.builtInDefault(backends)
          : ServerConfigParser.parse(Files.readString(configFile), configFile.toString(),
              backends);
    } catch (ConfigException e) {
      err.println("Error loading configuration: " + e.getMessage());
      err.flush();
      return ExitCodes.LOCAL_ERROR;
    } catch (IOException e) {
      err.println("Error reading the configuration file " + configFile + ": " + describe(e));
      err.flush();
      return ExitCodes.LOCAL_ERROR;
    }
    for (String warning : config.warnings()) {
      err.println("WARNING: " + warning);
    }
    DevServer server;
    try {
      server = configured.start(config);
    } catch (ConfigException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return ExitCodes.LOCAL_ERROR;
    } catch (IOException | RuntimeException e) {
      err.println("Error starting the server on " + config.listenAddressText() + ": "
          + describe(e));
      err.flush();
      return ExitCodes.LOCAL_ERROR;
    }
    return serve(server, configuredBanner(config, server), out, err);
  }

  /** Prints the banner, then runs until the server stops or the JVM is asked to exit. */
  private int serve(DevServer server, String bannerText, PrintWriter out, PrintWriter err) {
    AtomicBoolean stoppedByItself = new AtomicBoolean();
    shutdownHooks.accept(
        new Thread(
            () -> {
              if (stoppedByItself.get()) {
                server.close(); // idempotent; nothing to announce
                return;
              }
              // stderr, not a logger: logging may already be shut down by its own hook.
              err.println("==> Leasehold server shutdown triggered; finishing in-flight calls");
              err.flush();
              server.close();
              err.println("==> Leasehold server stopped");
              err.flush();
            },
            "leasehold-shutdown"));

    out.print(bannerText);
    out.flush();

    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stoppedByItself.set(true);
      server.close();
    }
    return ExitCodes.OK;
  }

  /** The banner of a configured (non-dev) server. */
  static String configuredBanner(ServerConfig config, DevServer server) {
    String addr = format(server.address());
    String nl = System.lineSeparator();
    String storage = config.storage().type() + (config.storage().options().isEmpty() ? ""
        : " " + config.storage().options().toString().replace('{', '(').replace('}', ')'));
    String next = server.initialized()
        ? "The server is sealed: unseal it with a quorum of unseal keys"
            + " ('leasehold operator unseal')."
        : "The server is not initialized: run 'leasehold operator init', then unseal it with"
            + " the threshold number of unseal keys ('leasehold operator unseal').";
    return String.join(
        nl,
        "==> Leasehold server configuration:",
        "",
        "             Listener: " + addr + " (gRPC, plaintext)",
        "              Storage: " + storage,
        "         Cluster Name: " + (config.clusterName() == null ? "(stored, or made at init)"
            : config.clusterName()),
        "            Log Level: " + config.logLevel(),
        "        Configuration: " + config.source(),
        "              Version: Leasehold v" + LeaseholdVersion.get(),
        "",
        next,
        "",
        "==> Leasehold server started, listening on " + addr + ". Press Ctrl-C to stop.",
        "");
  }

  private boolean rootTokenIdGiven() {
    return devRootTokenId != null && !devRootTokenId.isEmpty();
  }

  /**
   * The dev banner. Users' scripts match three parts of it, so those keep Vault's shape: the {@code
   * $ export LEASEHOLD_ADDR='...'} line, and the {@code Unseal Key: } and {@code Root Token: } line
   * prefixes. The rest is ours.
   */
  static String banner(InetSocketAddress address, String unsealKey, String rootToken) {
    String addr = format(address);
    String nl = System.lineSeparator();
    return String.join(
        nl,
        "==> Leasehold server configuration:",
        "",
        "             Listener: " + addr + " (gRPC, plaintext)",
        "              Storage: inmem",
        "              Version: Leasehold v" + LeaseholdVersion.get(),
        "",
        "WARNING! Dev mode is on. This server keeps everything in memory, so it is all",
        "gone when the process stops, and it starts initialized and unsealed with a",
        "single unseal key.",
        "",
        "Point clients at it with:",
        "",
        "    $ export LEASEHOLD_ADDR='" + addr + "'",
        "",
        "and authenticate them with the root token below (e.g. in LEASEHOLD_TOKEN).",
        "Keep the unseal key too if you want to seal and unseal this server.",
        "",
        "Unseal Key: " + unsealKey,
        "Root Token: " + rootToken,
        "",
        "Development mode should NOT be used in production installations!",
        "",
        "==> Leasehold server started, listening on " + addr + ". Press Ctrl-C to stop.",
        "");
  }

  /** {@code host:port} as clients dial it (the host as given, not looked up); IPv6 in brackets. */
  static String format(InetSocketAddress address) {
    String host = address.getHostString();
    if (host.indexOf(':') >= 0) {
      int scope = host.indexOf('%');
      host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
    }
    return host + ":" + address.getPort();
  }

  /** The failure and its causes' messages, e.g. "Failed to bind to address ...: Address in use". */
  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      String message = t.getMessage();
      if (message == null || message.isBlank() || text.indexOf(message) >= 0) {
        continue;
      }
      text.append(text.length() == 0 ? "" : ": ").append(message);
    }
    return text.length() == 0 ? failure.getClass().getName() : text.toString();
  }

  private static DevServer startLeaseholdServer(InetSocketAddress listen, String rootTokenId)
      throws IOException {
    LeaseholdServer.Builder builder = LeaseholdServer.builder().listenAddress(listen);
    if (rootTokenId != null) {
      builder.devRootTokenId(rootTokenId);
    }
    return wrap(builder.start());
  }

  private static DevServer wrap(LeaseholdServer server) {
    return new DevServer() {
      @Override
      public InetSocketAddress address() {
        return server.address();
      }

      @Override
      public boolean initialized() {
        return server.seal().initialized();
      }

      @Override
      public String unsealKey() {
        return server.unsealKey();
      }

      @Override
      public String rootToken() {
        return server.rootToken();
      }

      @Override
      public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  private static DevServer startConfiguredServer(ServerConfig config, StorageBackends backends)
      throws IOException, ConfigException {
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      // Read by slf4j-simple when the first logger is made, which is after this point.
      System.setProperty(LOG_LEVEL_PROPERTY, config.logLevel());
    }
    Storage storage = backends.open(config.storage());
    LeaseholdServer server = LeaseholdServer.builder()
        .dev(false)
        .listenAddress(config.listenAddress())
        .storage(storage)
        .systemDefaults(config.leaseDefaults())
        .clusterName(config.clusterName())
        .start();
    return wrap(server);
  }

  private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  /** What this command needs of a running server: {@link LeaseholdServer}, or a test's fake. */
  interface DevServer extends AutoCloseable {
    InetSocketAddress address();

    /** Whether the server has been initialized (dev servers always are). */
    default boolean initialized() {
      return true;
    }

    String unsealKey();

    String rootToken();

    void awaitTermination() throws InterruptedException;

    /** Stops accepting calls and lets in-flight calls finish. Idempotent. */
    @Override
    void close();
  }

  /** Starts a server from a checked configuration (not dev mode). */
  @FunctionalInterface
  interface ConfiguredServerLauncher {
    DevServer start(ServerConfig config) throws IOException, ConfigException;
  }

  /** Starts a dev server; {@code rootTokenId} is null for a random root token. */
  @FunctionalInterface
  interface DevServerLauncher {
    DevServer start(InetSocketAddress listenAddress, String rootTokenId) throws IOException;
  }

  /** {@code HOST:PORT}, {@code [IPV6]:PORT}, or {@code :PORT} for every interface. */
  static final class ListenAddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      try {
        return ListenAddress.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
