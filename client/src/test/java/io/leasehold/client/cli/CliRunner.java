package io.leasehold.client.cli;

import io.grpc.Channel;
import io.leasehold.client.LeaseholdClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in this JVM against a channel (fake services), capturing what it prints. */
final class CliRunner {
  private CliRunner() {}

  /** One run: exit code, stdout, stderr. */
  record Result(int exitCode, String out, String err) {}

  static Result run(Channel channel, Map<String, String> env, Path home, String stdin,
      String... args) {
    CliContext ctx = new CliContext(env, home,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        config -> new LeaseholdClient(channel, config.token(), config.deadline()));
    CommandLine cli = LeaseholdCli.newCommandLine(ClientCommands.plugins(ctx));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = LeaseholdCli.execute(cli, args);
    return new Result(code, out.toString(), err.toString());
  }
}
