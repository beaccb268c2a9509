package io.leasehold.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.client.cli.CommandPlugin;
import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.cli.LeaseholdCli;
import io.leasehold.server.config.ServerConfig;
import io.leasehold.server.config.StorageBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** The server command without a real server: the dev server is a fake behind its seam. */
class ServerCommandTest {

  private static final String FAKE_ROOT = "s.FakeRootTokenForTests00";
  private static final String FAKE_KEY = "ZmFrZS11bnNlYWwta2V5";

  /** Records what the command asked for and what it did to the server. */
  static final class FakeServer implements ServerCommand.DevServer {
    final CountDownLatch terminated = new CountDownLatch(1);
    final AtomicInteger closes = new AtomicInteger();
    InetSocketAddress requestedAddress;
    String requestedRootTokenId;
    boolean initialized = true;

    @Override
    public boolean initialized() {
      return initialized;
    }

    @Override
    public InetSocketAddress address() {
      return requestedAddress.getPort() == 0
          ? new InetSocketAddress(requestedAddress.getHostString(), 49152)
          : requestedAddress;
    }

    @Override
    public String unsealKey() {
      return FAKE_KEY;
    }

    @Override
    public String rootToken() {
      return requestedRootTokenId != null ? requestedRootTokenId : FAKE_ROOT;
    }

    @Override
    public void awaitTermination() throws InterruptedException {
      terminated.await();
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      terminated.countDown();
    }

    ServerCommand.DevServer start(InetSocketAddress address, String rootTokenId) {
      requestedAddress = address;
      requestedRootTokenId = rootTokenId;
      return this;
    }
  }

  record Result(int exitCode, String out, String err) {}

  private final FakeServer server = new FakeServer();
  private final List<Thread> hooks = new CopyOnWriteArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli(ServerCommand.DevServerLauncher launcher) {
    CommandLine cli = LeaseholdCli.newCommandLine(List.of(new ServerCommand(launcher, hooks::add)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private Result run(String... args) {
    return run(server::start, args);
  }

  private Result run(ServerCommand.DevServerLauncher launcher, String... args) {
    int exitCode = LeaseholdCli.execute(cli(launcher), args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** A server that stops by itself at once (as if closed elsewhere), so commands return. */
  private Result runToCompletion(String... args) {
    server.terminated.countDown();
    return run(args);
  }

  private static ServerCommand parse(String... args) {
    ServerCommand command = new ServerCommand((a, t) -> null, hook -> {});
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void parse_defaults() {
    ServerCommand command = parse();

    assertThat(command.dev).isFalse();
    assertThat(command.devListenAddress).isEqualTo(new InetSocketAddress("127.0.0.1", 8200));
    if (System.getenv("LEASEHOLD_DEV_ROOT_TOKEN_ID") == null) {
      assertThat(command.devRootTokenId).isNull();
    }
  }

  @Test
  void parse_vaultStyleFlags() {
    ServerCommand command =
        parse("-dev", "-dev-root-token-id=root", "-dev-listen-address=0.0.0.0:8300");

    assertThat(command.dev).isTrue();
    assertThat(command.devRootTokenId).isEqualTo("root");
    assertThat(command.devListenAddress).isEqualTo(new InetSocketAddress("0.0.0.0", 8300));
  }

  @Test
  void parse_devWithExplicitBoolean() {
    assertThat(parse("-dev=true").dev).isTrue();
    assertThat(parse("-dev=false").dev).isFalse();
  }

  @Test
  void listenAddress_accepted() {
    ServerCommand.ListenAddressConverter converter = new ServerCommand.ListenAddressConverter();

    assertThat(converter.convert("127.0.0.1:0")).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
    assertThat(converter.convert("[::1]:8201")).isEqualTo(new InetSocketAddress("::1", 8201));
    assertThat(converter.convert(":8200")).isEqualTo(new InetSocketAddress(8200));
    assertThat(converter.convert("localhost:8200").isUnresolved()).isFalse();
  }

  @Test
  void listenAddress_refused() {
    ServerCommand.ListenAddressConverter converter = new ServerCommand.ListenAddressConverter();

    for (String bad :
        List.of(
            "8200",
            "127.0.0.1",
            "127.0.0.1:",
            "127.0.0.1:x",
            "127.0.0.1:65536",
            "127.0.0.1:-1",
            "127.0.0.1:+80",
            "::1:8200")) {
      assertThatThrownBy(() -> converter.convert(bad))
          .as(bad)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  void badListenAddress_exit1BeforeStarting() {
    Result result = run("server", "-dev", "-dev-listen-address=nowhere");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains("Invalid value for option '-dev-listen-address'");
    assertThat(server.requestedAddress).isNull();
  }

  /** Runs with a configured-server launcher; the dev launcher must not be used. */
  private Result runConfigured(ServerCommand.ConfiguredServerLauncher launcher, String... args) {
    CommandLine cli = LeaseholdCli.newCommandLine(List.of(new ServerCommand(server::start,
        launcher, StorageBackends.builtIn(), hooks::add)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = LeaseholdCli.execute(cli, args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  @Test
  void withoutDevOrConfig_startsSealedOnTheBuiltInDefault() {
    List<ServerConfig> started = new ArrayList<>();
    server.initialized = false;
    server.terminated.countDown();

    Result result = runConfigured(config -> {
      started.add(config);
      server.requestedAddress = config.listenAddress();
      return server;
    }, "server");

    assertThat(result.exitCode()).isZero();
    assertThat(started).hasSize(1);
    ServerConfig config = started.get(0);
    assertThat(config.storage().type()).isEqualTo("rocksdb");
    assertThat(config.storage().option("path")).isEqualTo("./leasehold-data");
    assertThat(config.listenAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8200));
    assertThat(result.out())
        .contains("Storage: rocksdb (path=./leasehold-data)")
        .contains("Listener: 127.0.0.1:8200 (gRPC, plaintext)")
        .contains("The server is not initialized: run 'leasehold operator init'")
        .doesNotContain("Root Token:");
  }

  @Test
  void rocksdbThatCannotOpen_exit1WithThePlaceAndTheReason(@TempDir Path dir) throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("data"), "a file where the store should go");
    Path file = dir.resolve("server.hcl");
    Files.writeString(file, "storage \"rocksdb\" { path = \"" + notADirectory + "\" }\n"
        + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n");

    Result result = runConfigured(config -> {
      StorageBackends.builtIn().open(config.storage()).close();
      return server;
    }, "server", "-config=" + file);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains(file + ":1:1: cannot create the storage directory");
  }

  @Test
  void configFile_errorNamesFileAndLine_exit1(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("server.hcl");
    Files.writeString(file, "storage \"inmem\" {}\nlisten_address = \"x\"\n");

    Result result = runConfigured(config -> server, "server", "-config=" + file);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).startsWith("Error loading configuration: " + file
        + ":2:1: unknown key \"listen_address\"");
  }

  @Test
  void configFile_missing_exit1(@TempDir Path dir) {
    Result result = runConfigured(config -> server, "server",
        "-config=" + dir.resolve("nope.hcl"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).startsWith("Error reading the configuration file");
  }

  @Test
  void configFile_inmem_warningsForIgnoredKeys(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("server.hcl");
    Files.writeString(file, String.join("\n",
        "storage \"inmem\" {}",
        "listener \"tcp\" {",
        "  address = \"127.0.0.1:0\"",
        "  tls_disable = 1",
        "}",
        "ui = true",
        "cluster_name = \"prod\"",
        ""));
    server.terminated.countDown();

    Result result = runConfigured(config -> {
      server.requestedAddress = config.listenAddress();
      return server;
    }, "server", "-config=" + file);

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEqualTo("WARNING: " + file + ":6:1: \"ui\" is accepted for Vault"
        + " compatibility and ignored" + System.lineSeparator());
    assertThat(result.out()).contains("Cluster Name: prod").contains("Storage: inmem")
        .contains("The server is sealed");
  }

  @Test
  void configAndDev_refusedTogether() {
    Result result = run("server", "-dev", "-config=x.hcl");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains("-config and -dev cannot be used together");
    assertThat(server.requestedAddress).isNull();
  }

  @Test
  void rootTokenIdWithoutDev_vaultsWarning_thenTheConfiguredServer() {
    server.terminated.countDown();
    Result result = runConfigured(config -> {
      server.requestedAddress = config.listenAddress();
      return server;
    }, "server", "-dev-root-token-id=root");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err())
        .startsWith(
            "You cannot specify a custom root token ID outside of \"dev\" mode. "
                + "Your request has been ignored."
                + System.lineSeparator());
    assertThat(server.requestedRootTokenId).isNull();
  }

  @Test
  void dev_startsOnDefaultAddressWithRandomRootToken() {
    Result result = runToCompletion("server", "-dev");

    assertThat(result.exitCode()).isZero();
    assertThat(server.requestedAddress).isEqualTo(new InetSocketAddress("127.0.0.1", 8200));
    if (System.getenv("LEASEHOLD_DEV_ROOT_TOKEN_ID") == null) {
      assertThat(server.requestedRootTokenId).isNull();
    }
  }

  @Test
  void dev_passesRootTokenIdAndListenAddress() {
    runToCompletion(
        "server", "-dev", "-dev-root-token-id=root", "--dev-listen-address=127.0.0.1:0");

    assertThat(server.requestedRootTokenId).isEqualTo("root");
    assertThat(server.requestedAddress).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
  }

  @Test
  void dev_emptyRootTokenId_meansRandom() {
    runToCompletion("server", "-dev", "-dev-root-token-id=");

    assertThat(server.requestedRootTokenId).isNull();
  }

  @Test
  void dev_printsBannerWithTheLinesScriptsMatch() {
    Result result = runToCompletion("server", "-dev", "-dev-listen-address=127.0.0.1:0");

    // The real port, not the 0 that was asked for.
    assertThat(result.out())
        .contains(
            System.lineSeparator()
                + "    $ export LEASEHOLD_ADDR='127.0.0.1:49152'"
                + System.lineSeparator())
        .contains(System.lineSeparator() + "Unseal Key: " + FAKE_KEY + System.lineSeparator())
        .contains(System.lineSeparator() + "Root Token: " + FAKE_ROOT + System.lineSeparator())
        .contains("Development mode should NOT be used in production installations!")
        .contains("listening on 127.0.0.1:49152");
    assertThat(result.out().split(FAKE_ROOT, -1)).as("root token printed once").hasSize(2);
    assertThat(result.err()).doesNotContain(FAKE_ROOT).doesNotContain(FAKE_KEY);
  }

  @Test
  void banner_pinned() {
    String banner =
        ServerCommand.banner(new InetSocketAddress("127.0.0.1", 8200), "KEY", "TOKEN")
            .replace(System.lineSeparator(), "\n");

    assertThat(banner)
        .startsWith("==> Leasehold server configuration:\n")
        .contains("\n    $ export LEASEHOLD_ADDR='127.0.0.1:8200'\n")
        .contains("\nUnseal Key: KEY\nRoot Token: TOKEN\n")
        .contains("\nDevelopment mode should NOT be used in production installations!\n")
        .endsWith(
            "==> Leasehold server started, listening on 127.0.0.1:8200. Press Ctrl-C to stop.\n");
  }

  @Test
  void format_ipv6InBrackets() {
    assertThat(ServerCommand.format(new InetSocketAddress("::1", 8200)))
        .endsWith("]:8200")
        .startsWith("[");
    assertThat(ServerCommand.format(new InetSocketAddress("localhost", 8200)))
        .isEqualTo("localhost:8200");
  }

  @Test
  void dev_serverStopsByItself_closesIt_exit0_quietly() {
    Result result = runToCompletion("server", "-dev");

    assertThat(result.exitCode()).isZero();
    assertThat(server.closes.get()).isEqualTo(1);
    assertThat(hooks).hasSize(1);

    hooks.get(0).run(); // the JVM exiting afterwards runs the hook: it must not announce a shutdown

    assertThat(server.closes.get()).isEqualTo(2);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void dev_shutdownHook_closesServer_logsToStderr_commandReturns0() throws Exception {
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> LeaseholdCli.execute(cli(server::start), "server", "-dev"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (hooks.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(hooks).as("shutdown hook registered").hasSize(1);
    assertThat(exit).isNotDone();

    Thread hook = hooks.get(0);
    hook.start(); // what the JVM does on SIGINT/SIGTERM
    hook.join(10_000);

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(server.closes.get()).isGreaterThanOrEqualTo(1);
    assertThat(err.toString())
        .contains("shutdown triggered")
        .contains("Leasehold server stopped")
        .doesNotContain(FAKE_ROOT);
  }

  @Test
  void dev_cannotBind_exit1WithCause() {
    ServerCommand.DevServerLauncher busy =
        (address, token) -> {
          throw new IOException(
              "Failed to bind to address /127.0.0.1:8200",
              new BindException("Address already in use"));
        };

    Result result = run(busy, "server", "-dev");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "Error starting the dev server on 127.0.0.1:8200: "
                + "Failed to bind to address /127.0.0.1:8200: Address already in use"
                + System.lineSeparator());
    assertThat(hooks).isEmpty();
  }

  @Test
  void dev_startFailsUnexpectedly_exit1() {
    Result result =
        run(
            (a, t) -> {
              throw new UnsupportedOperationException("not yet");
            },
            "server",
            "-dev");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(result.err()).contains("Error starting the dev server").contains("not yet");
  }

  @Test
  void help_describesFlagsVaultStyle() {
    Result result = run("server", "-h");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: leasehold server")
        .contains("-dev ")
        .contains("-dev-root-token-id=ID")
        .contains("-dev-listen-address=HOST:PORT")
        .contains("127.0.0.1:8200")
        .doesNotContain("--dev");
  }

  @Test
  void plugin_registeredForServiceLoader_listedByLeaseholdHelp() {
    List<CommandPlugin> plugins = new ArrayList<>(LeaseholdCli.loadPlugins());
    assertThat(plugins).extracting(CommandPlugin::name).contains("server");
    assertThat(plugins)
        .filteredOn(p -> p.name().equals("server"))
        .hasOnlyElementsOfType(ServerCommand.class);

    CommandLine cli = LeaseholdCli.newCommandLine();
    StringWriter help = new StringWriter();
    cli.setOut(new PrintWriter(help, true));

    assertThat(LeaseholdCli.execute(cli, "-h")).isZero();
    assertThat(help.toString()).containsPattern("(?m)^  server +Start a Leasehold server");
  }
}
