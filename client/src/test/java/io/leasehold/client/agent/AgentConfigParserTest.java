package io.leasehold.client.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigParserTest {
  private static final Path BASE = Path.of("/etc/leasehold");

  private static AgentConfig parse(String text) throws AgentConfigException {
    return AgentConfigParser.parse("agent.hcl", text, BASE);
  }

  private static void refused(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(AgentConfigException.class).hasMessage(message);
  }

  /** The least a configuration needs; its sink is /run/app/token. */
  static final String MINIMAL = """
      auto_auth {
        method "approle" {
          config {
            role_id_file_path = "role_id"
          }
        }
        sink "file" {
          config {
            path = "/run/app/token"
          }
        }
      }
      """;

  @Test
  void vaultAgentShape_parsesEveryOption() throws Exception {
    AgentConfig c = parse("""
        # The shape of Vault Agent's own files.
        exit_after_auth    = true
        revoke_on_shutdown = true
        vault {
          address = "http://127.0.0.1:8300"
        }
        auto_auth {
          method "approle" {
            mount_path  = "auth/approle"
            min_backoff = "2s"
            max_backoff = "1m30s"
            exit_on_err = true
            config {
              role_id_file_path                   = "/etc/app/role_id"
              secret_id_file_path                 = "secret_id"
              remove_secret_id_file_after_reading = false
            }
          }
          sink "file" {
            config {
              path = "/run/app/token"
              mode = "0600"
            }
          }
          sink "file" {
            config = { path = "copy/token", mode = "440" }
          }
        }
        """);

    assertThat(c.address()).isEqualTo("http://127.0.0.1:8300");
    assertThat(c.exitAfterAuth()).isTrue();
    assertThat(c.revokeOnShutdown()).isTrue();
    assertThat(c.minBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.maxBackoff()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.exitOnErr()).isTrue();
    assertThat(c.appRole()).isEqualTo(new AgentConfig.AppRole(
        Path.of("/etc/app/role_id"), BASE.resolve("secret_id"), false));
    assertThat(c.sinks()).containsExactly(
        new AgentConfig.FileSinkConfig(Path.of("/run/app/token"), FileSink.parseMode("0600")),
        new AgentConfig.FileSinkConfig(BASE.resolve("copy/token"), FileSink.parseMode("0440")));
  }

  @Test
  void defaults_areVaultAgents() throws Exception {
    AgentConfig c = parse(MINIMAL);

    assertThat(c.address()).isNull();
    assertThat(c.exitAfterAuth()).isFalse();
    assertThat(c.revokeOnShutdown()).isFalse();
    assertThat(c.minBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.exitOnErr()).isFalse();
    assertThat(c.appRole()).isEqualTo(
        new AgentConfig.AppRole(BASE.resolve("role_id"), null, true));
    assertThat(c.sinks().get(0).mode()).isEqualTo(FileSink.parseMode("0640"));
  }

  @Test
  void typeAttribute_andObjectConfig_areAcceptedToo() throws Exception {
    AgentConfig c = parse("""
        auto_auth {
          method {
            type   = "approle"
            config = {
              role_id_file_path = "/r"
            }
          }
          sink {
            type = "file"
            config { path = "/t" }
          }
        }
        """);
    assertThat(c.appRole().roleIdFile()).isEqualTo(Path.of("/r"));
    assertThat(c.sinks()).hasSize(1);
  }

  @Test
  void unknownKeys_failAtTheirLine() {
    refused("pid_file = \"/x\"\n" + MINIMAL,
        "agent.hcl:1:1: unknown key pid_file in the top level");
    refused(MINIMAL.replace("role_id_file_path = \"role_id\"",
            "role_id_file_path = \"role_id\"\n      role_id_file = \"x\""),
        "agent.hcl:5:7: unknown key role_id_file in auto_auth.method \"approle\".config");
    refused(MINIMAL + "template {\n}\n", "agent.hcl:13:1: unknown block template in the top level");
    refused(MINIMAL.replace("path = \"/run/app/token\"",
            "path = \"/run/app/token\"\n      owner = 1000"),
        "agent.hcl:10:7: unknown key owner in auto_auth.sink \"file\".config");
    refused(MINIMAL.replace("method \"approle\" {", "method \"approle\" {\n    wrap_ttl = \"5m\""),
        "agent.hcl:3:5: unknown key wrap_ttl in auto_auth.method \"approle\"");
  }

  @Test
  void badValues_failAtTheirLine_withWhatIsExpected() {
    refused(MINIMAL.replace("path = \"/run/app/token\"",
            "path = \"/run/app/token\"\n      mode = 640"),
        "agent.hcl:10:7: mode must be an octal string such as \"0640\"");
    refused(MINIMAL.replace("path = \"/run/app/token\"",
            "path = \"/run/app/token\"\n      mode = \"0980\""),
        "agent.hcl:10:7: mode \"0980\" is not an octal file mode such as \"0640\"");
    refused(MINIMAL.replace("path = \"/run/app/token\"",
            "path = \"/run/app/token\"\n      mode = \"04755\""),
        "agent.hcl:10:7: mode \"04755\" is not an octal file mode such as \"0640\"");
    refused("exit_after_auth = \"yes\"\n" + MINIMAL,
        "agent.hcl:1:1: exit_after_auth must be true or false");
    refused(MINIMAL.replace("method \"approle\" {", "method \"approle\" {\n    min_backoff = \"5 minutes\""),
        "agent.hcl:3:5: min_backoff: invalid duration \"5 minutes\""
            + " (write it like \"30s\", \"5m\" or \"1h30m\")");
    refused(MINIMAL.replace("method \"approle\" {",
            "method \"approle\" {\n    min_backoff = \"10s\"\n    max_backoff = 5"),
        "agent.hcl:4:5: max_backoff must not be less than min_backoff");
    refused(MINIMAL.replace("method \"approle\" {", "method \"approle\" {\n    mount_path = \"auth/other\""),
        "agent.hcl:3:5: mount_path: only auth/approle is supported");
    refused(MINIMAL.replace("role_id_file_path = \"role_id\"", "role_id_file_path = \" \""),
        "agent.hcl:4:7: role_id_file_path must not be empty");
  }

  @Test
  void missingOrRepeatedParts_areRefused() {
    refused(MINIMAL.replace("role_id_file_path = \"role_id\"", ""),
        "agent.hcl:3:5: missing key role_id_file_path in auto_auth.method \"approle\".config");
    refused("exit_after_auth = true\n", "agent.hcl:1:1: missing block auto_auth in the top level");
    refused(MINIMAL.replace("sink \"file\"", "sink_x \"file\""),
        "agent.hcl:7:3: unknown block sink_x in auto_auth");
    refused(MINIMAL.replace("sink \"file\"", "other_sink \"file\""),
        "agent.hcl:7:3: unknown block other_sink in auto_auth");
    refused(MINIMAL.replace("auto_auth {", "auto_auth {\n  method \"approle\" {\n  }"),
        "agent.hcl:4:3: auto_auth takes one method");
    refused(MINIMAL.replace("method \"approle\"", "method \"kubernetes\""),
        "agent.hcl:2:3: unsupported method type \"kubernetes\" (only \"approle\" is supported)");
    refused(MINIMAL.replace("sink \"file\"", "sink \"socket\""),
        "agent.hcl:7:3: unsupported sink type \"socket\" (only \"file\" is supported)");
    refused("exit_after_auth = true\nexit_after_auth = false\n" + MINIMAL,
        "agent.hcl:2:1: exit_after_auth is set twice in the top level (first at line 1)");
  }

  @Test
  void brokenHcl_failsWithTheParsersPlace() {
    assertThatThrownBy(() -> parse("auto_auth {\n  method \"approle\" {\n"))
        .isInstanceOf(AgentConfigException.class)
        .hasMessageStartingWith("agent.hcl:2:");
  }
}
