package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the real {@code ./leasehold} launcher as a user would, one process per command, with a
 * clean environment: no {@code VAULT_*}/{@code LEASEHOLD_*} from the build's environment, HOME
 * in a temporary directory (so {@code login} never touches the real home), and the jars the
 * reactor built ({@code LEASEHOLD_SKIP_BUILD=1}).
 */
final class CliProcess {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env = new HashMap<>();
  private final Path workDir;
  private long totalMillis;
  private int runs;

  /** A CLI talking to {@code address}, with {@code home} as HOME and working directory. */
  CliProcess(String address, Path home) {
    this.workDir = home;
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      if (!e.getKey().startsWith("VAULT_") && !e.getKey().startsWith("LEASEHOLD_")) {
        env.put(e.getKey(), e.getValue());
      }
    }
    env.put("HOME", home.toString());
    env.put("LEASEHOLD_SKIP_BUILD", "1");
    env.put("LEASEHOLD_ADDR", address);
  }

  /** Sets (or, with null, removes) an environment variable for later runs. */
  CliProcess env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /** What one run printed, and its exit code. */
  record Result(int exitCode, String out, String err, List<String> args) {
    /** Asserts exit 0 and returns this. */
    Result ok() {
      assertThat(exitCode).as("exit code of %s%nstdout: %s%nstderr: %s", args, out, err)
          .isZero();
      return this;
    }

    /** Asserts the exit code and returns this. */
    Result exit(int expected) {
      assertThat(exitCode).as("exit code of %s%nstdout: %s%nstderr: %s", args, out, err)
          .isEqualTo(expected);
      return this;
    }

    /** The value of the table row {@code key} (the text after the key and its padding). */
    String row(String key) {
      for (String line : out.split("\n")) {
        if (line.startsWith(key + " ")) {
          return line.substring(key.length()).strip();
        }
      }
      throw new AssertionError("no row '" + key + "' in:\n" + out);
    }

    /** stdout parsed as JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  /** Runs {@code ./leasehold args...} with nothing on stdin. */
  Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs {@code ./leasehold args...} with {@code stdin} as standard input. */
  Result runWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("leasehold").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Path out = Files.createTempFile(workDir, "out", ".txt");
      Path err = Files.createTempFile(workDir, "err", ".txt");
      Path in = Files.createTempFile(workDir, "in", ".txt");
      Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile());
      long started = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("leasehold " + List.of(args) + " did not finish in 120 s");
      }
      totalMillis += (System.nanoTime() - started) / 1_000_000;
      runs++;
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err),
          List.of(args));
      Files.delete(out);
      Files.delete(err);
      Files.delete(in);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Runs the command until {@code done} accepts the result, within 15 s: for tokens of 1-2 s
   * that must run out. No fixed sleeps: each run already takes a JVM start.
   */
  Result runUntil(Predicate<Result> done, String... args) {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (true) {
      Result r = run(args);
      if (done.test(r)) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not done after 15 s: " + r);
      }
    }
  }

  /** Mean wall time of the runs so far, in ms, for the report. */
  String timing() {
    return runs + " CLI runs, mean " + (runs == 0 ? 0 : totalMillis / runs) + " ms";
  }
}
