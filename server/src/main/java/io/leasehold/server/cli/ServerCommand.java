package io.leasehold.server.cli;

import io.leasehold.client.cli.CommandPlugin;
import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.cli.LeaseholdVersion;
import io.leasehold.server.LeaseholdServer;
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
 * <p>Only dev mode exists for now (in-memory, auto-unsealed, root token printed in a banner); the
 * durable mode arrives with durable storage. The command is contributed to the {@code leasehold}
 * CLI as a {@link CommandPlugin}, so it appears whenever the server jar is on the class path.
 */
@Command(
    name = "server",
    sortOptions = false,
    description = {
      "Start a Leasehold server and keep it running until interrupted (Ctrl-C or SIGTERM).",
      "",
      "For now only the in-memory dev mode exists: run 'leasehold server -dev'. It starts"
          + " initialized and unsealed, prints its unseal key and root token, and forgets"
          + " everything when it stops.",
      "",
    })
public final class ServerCommand implements CommandPlugin, Callable<Integer> {

  /** Vault's text, kept verbatim: scripts and users recognise it. */
  static final String ROOT_TOKEN_OUTSIDE_DEV_WARNING =
      "You cannot specify a custom root token ID outside of \"dev\" mode. "
          + "Your request has been ignored.";

  static final String DEV_ONLY_ERROR =
      "Error: only dev mode exists until durable storage lands. "
          + "Run 'leasehold server -dev' for an in-memory server.";

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
  private final Consumer<Thread> shutdownHooks;

  /** The command as the CLI runs it: a real server, stopped by a JVM shutdown hook. */
  public ServerCommand() {
    this(ServerCommand::startLeaseholdServer, Runtime.getRuntime()::addShutdownHook);
  }

  /** For tests: a fake server, and a hook registry that does not touch the JVM's. */
  ServerCommand(DevServerLauncher launcher, Consumer<Thread> shutdownHooks) {
    this.launcher = launcher;
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
      if (rootTokenIdGiven()) {
        err.println(ROOT_TOKEN_OUTSIDE_DEV_WARNING);
      }
      err.println(DEV_ONLY_ERROR);
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

    out.print(banner(server.address(), server.unsealKey(), server.rootToken()));
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
    LeaseholdServer server = builder.start();
    return new DevServer() {
      @Override
      public InetSocketAddress address() {
        return server.address();
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

  /** What this command needs of a running dev server: {@link LeaseholdServer}, or a test's fake. */
  interface DevServer extends AutoCloseable {
    InetSocketAddress address();

    String unsealKey();

    String rootToken();

    void awaitTermination() throws InterruptedException;

    /** Stops accepting calls and lets in-flight calls finish. Idempotent. */
    @Override
    void close();
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
      int colon = value.lastIndexOf(':');
      if (colon < 0) {
        throw new TypeConversionException("'" + value + "' is not HOST:PORT");
      }
      String host = value.substring(0, colon);
      String portText = value.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.indexOf(':') >= 0) {
        throw new TypeConversionException(
            "'" + value + "': write an IPv6 address in brackets, e.g. [::1]:8200");
      }
      int port;
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535 || !portText.chars().allMatch(Character::isDigit)) {
        throw new TypeConversionException(
            "'" + value + "': the port must be a number from 0 to 65535");
      }
      InetSocketAddress address =
          host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        throw new TypeConversionException("'" + value + "': cannot resolve host '" + host + "'");
      }
      return address;
    }
  }
}
