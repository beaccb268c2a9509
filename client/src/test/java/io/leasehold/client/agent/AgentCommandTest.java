package io.leasehold.client.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.client.cli.CommandPlugin;
import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.cli.LeaseholdCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Start-up of {@code leasehold agent}: everything that can be wrong fails before it runs. */
class AgentCommandTest {
  @TempDir Path dir;

  private Path config(String extraTop, String sinkPath) throws IOException {
    return Files.writeString(dir.resolve("agent.hcl"),
        extraTop + AgentConfigParserTest.MINIMAL.replace("/run/app/token", sinkPath));
  }

  @Test
  void goodSetup_isPrepared_withTheAddressFromTheEnvironmentFirst() throws Exception {
    Files.writeString(dir.resolve("role_id"), "r");
    Path file = config("vault {\n  address = \"http://10.0.0.1:8300/\"\n}\n", "token");

    assertThat(AgentCommand.prepare(file, Map.<String, String>of()::get).target())
        .isEqualTo("10.0.0.1:8300");
    assertThat(AgentCommand.prepare(file, Map.of("VAULT_ADDR", "v:1")::get).target())
        .isEqualTo("v:1");
    assertThat(AgentCommand.prepare(file,
        Map.of("VAULT_ADDR", "v:1", "LEASEHOLD_ADDR", "http://l:2")::get).target())
        .isEqualTo("l:2");
    Path plain = config("", "token");
    assertThat(AgentCommand.prepare(plain, Map.<String, String>of()::get).target())
        .isEqualTo("127.0.0.1:8200");
    assertThat(AgentCommand.prepare(plain, Map.<String, String>of()::get).sinks().get(0).path())
        .isEqualTo(dir.resolve("token"));
  }

  @Test
  void missingRoleIdFile_failsFast() throws Exception {
    Path file = config("", "token");
    assertThatThrownBy(() -> AgentCommand.prepare(file, Map.<String, String>of()::get))
        .isInstanceOf(IOException.class)
        .hasMessage("role_id_file_path " + dir.resolve("role_id")
            + " does not exist or is not a file");
  }

  @Test
  void unwritableOrMissingSinkDirectory_failsFast() throws Exception {
    Files.writeString(dir.resolve("role_id"), "r");
    Path missing = config("", "gone/token");
    assertThatThrownBy(() -> AgentCommand.prepare(missing, Map.<String, String>of()::get))
        .hasMessage("sink directory " + dir.resolve("gone") + " does not exist");
    if (Files.isDirectory(Path.of("/proc/self"))) {
      Path proc = config("", "/proc/self/token");
      assertThatThrownBy(() -> AgentCommand.prepare(proc, Map.<String, String>of()::get))
          .hasMessageStartingWith("sink directory /proc/self is not writable");
    }
  }

  @Test
  void tlsAddress_refused_ratherThanSentInTheClear() throws Exception {
    Files.writeString(dir.resolve("role_id"), "r");
    Path file = config("", "token");
    assertThatThrownBy(() -> AgentCommand.prepare(file,
        Map.of("LEASEHOLD_ADDR", "https://vault:8200")::get))
        .hasMessage("server address \"https://vault:8200\": TLS is not supported yet;"
            + " use http://host:port or host:port");
    assertThatThrownBy(() -> ServerAddress.target("vault"))
        .hasMessage("server address \"vault\" is not host:port or http://host:port");
    assertThat(ServerAddress.target("[::1]:8200")).isEqualTo("[::1]:8200");
  }

  @Test
  void cli_agentWithABadConfig_exitsOne_withTheFileAndLineOnStderr() throws Exception {
    Files.writeString(dir.resolve("role_id"), "r");
    Path file = config("pid_file = \"x\"\n", "token");
    List<Thread> hooks = new ArrayList<>();
    CommandPlugin plugin = new AgentCommand(Map.<String, String>of()::get, hooks::add,
        (channel, deadline) -> (role, secret) -> {
          throw new AssertionError("no login expected");
        });
    CommandLine cli = LeaseholdCli.newCommandLine(List.of(plugin));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int code = LeaseholdCli.execute(cli, "agent", "-config=" + file);

    assertThat(code).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(err.toString()).isEqualTo(
        "Error: " + file + ":1:1: unknown key pid_file in the top level"
            + System.lineSeparator());
    assertThat(hooks).isEmpty();
  }

  @Test
  void cli_agentWithoutConfig_isAUsageError() {
    CommandLine cli = LeaseholdCli.newCommandLine(List.of(new AgentCommand()));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    assertThat(LeaseholdCli.execute(cli, "agent")).isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(err.toString()).contains("Missing required option: '-config=FILE'");
  }

  @Test
  void agentCommand_isFoundOnTheClassPath() {
    assertThat(LeaseholdCli.loadPlugins()).extracting(CommandPlugin::name).contains("agent");
  }
}
