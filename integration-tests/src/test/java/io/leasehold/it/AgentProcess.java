package io.leasehold.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ./leasehold agent -config=FILE} process, its stdout and stderr in files. The
 * environment has no {@code VAULT_*}/{@code LEASEHOLD_*} of the build's, so the address comes
 * from the config file; {@code LEASEHOLD_CDS=0} makes the launcher {@code exec} Java (rather than
 * run it as a child while it writes a class-data archive), so SIGTERM reaches the agent itself.
 */
final class AgentProcess implements AutoCloseable {
  final Process process;
  final long startedNanos;
  private final Path err;

  private AgentProcess(Process process, long startedNanos, Path err) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.err = err;
  }

  /**
   * Starts an agent on {@code dir/agent.hcl}; its output goes to {@code agent-out.txt} and
   * {@code agent-err.txt} there.
   */
  static AgentProcess start(Path dir) throws IOException {
    Path out = dir.resolve("agent-out.txt");
    Path err = dir.resolve("agent-err.txt");
    ProcessBuilder pb = new ProcessBuilder(List.of(ServerProcess.ROOT.resolve("leasehold")
        .toString(), "agent", "-config=" + dir.resolve("agent.hcl")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("LEASEHOLD_"));
    pb.environment().put("LEASEHOLD_SKIP_BUILD", "1");
    pb.environment().put("LEASEHOLD_CDS", "0");
    long started = System.nanoTime();
    return new AgentProcess(pb.start(), started, err);
  }

  /** What the agent logged (stderr) so far. */
  String log() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  /** How many lines of the log so far contain {@code text}. */
  long count(String text) throws IOException {
    return log().lines().filter(l -> l.contains(text)).count();
  }

  /** Waits up to {@code seconds} for the process to end; its exit code, or null if it runs on. */
  Integer awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  /** Sends SIGTERM and waits for the end, then kills it if needed. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
