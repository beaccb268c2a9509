package io.leasehold.it;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ./leasehold server ...} process on a free local port, as a user starts it, with its
 * stdout and stderr in files and a plaintext channel to it. Runs the launcher with {@code
 * LEASEHOLD_SKIP_BUILD=1}: the reactor has already built the jars, and a nested Maven build would
 * fight the outer one.
 */
final class ServerProcess implements AutoCloseable {
  /** The repository root (the tests run in integration-tests/). */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  final int port;
  final Process process;
  final ManagedChannel channel;
  private final Path out;
  private final Path err;

  private ServerProcess(int port, Process process, Path out, Path err) {
    this.port = port;
    this.process = process;
    this.out = out;
    this.err = err;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /** A free port on the loopback interface (free when asked; the server binds it soon after). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code ./leasehold server ARGS} expected to listen on {@code port}; output goes to
   * files in {@code dir}.
   */
  static ServerProcess start(Path dir, int port, String... args) throws IOException {
    return start(dir, port, Map.of(), args);
  }

  /** As {@link #start(Path, int, String...)}, with extra environment variables for the launcher. */
  static ServerProcess start(Path dir, int port, Map<String, String> env, String... args)
      throws IOException {
    Path launcher = ROOT.resolve("leasehold");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("no executable launcher at " + launcher);
    }
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "server"));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().putAll(env);
    pb.environment().put("LEASEHOLD_SKIP_BUILD", "1");
    return new ServerProcess(port, pb.start(), out, err);
  }

  /** What the process printed on stdout so far. */
  String out() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** What the process printed on stderr so far. */
  String err() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  /** Sends SIGTERM; whether the process ended within 20 s. */
  boolean terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(20, TimeUnit.SECONDS);
  }

  /** Closes the channel and kills the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
