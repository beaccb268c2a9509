package io.leasehold.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {
  @TempDir
  Path home;

  @Test
  void address_forms() {
    assertThat(ServerAddress.parse("127.0.0.1:8200"))
        .isEqualTo(new ServerAddress("127.0.0.1", 8200, false));
    assertThat(ServerAddress.parse("http://vault.example:9000"))
        .isEqualTo(new ServerAddress("vault.example", 9000, false));
    assertThat(ServerAddress.parse("https://vault.example:8200/v1/"))
        .isEqualTo(new ServerAddress("vault.example", 8200, true));
    assertThat(ServerAddress.parse("https://vault.example"))
        .isEqualTo(new ServerAddress("vault.example", 8200, true));
    assertThat(ServerAddress.parse("[::1]:8300")).isEqualTo(new ServerAddress("::1", 8300, false));
    assertThat(new ServerAddress("::1", 8300, false).authority()).isEqualTo("[::1]:8300");
  }

  @Test
  void address_bad_namesTheForms() {
    for (String bad : new String[] {"", "ftp://x:1", "host:notaport", "host:70000", "://x"}) {
      assertThatThrownBy(() -> ServerAddress.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ServerAddress.parse("ftp://x:1"))
        .hasMessageContaining("use host:port, http://host:port or https://host:port");
  }

  @Test
  void defaults_devServerNoToken() throws Exception {
    ClientConfig c = ClientConfig.fromEnvironment(Map.of(), home);
    assertThat(c.address()).isEqualTo(ServerAddress.DEFAULT);
    assertThat(c.token()).isEmpty();
    assertThat(c.deadline()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void leaseholdVariables_winOverVaults_winOverTheTokenFile() throws Exception {
    Files.writeString(home.resolve(".leasehold-token"), "s.fromfile\n");
    Map<String, String> both = Map.of("LEASEHOLD_ADDR", "a:1", "VAULT_ADDR", "b:2",
        "LEASEHOLD_TOKEN", "s.lease", "VAULT_TOKEN", "s.vault");
    ClientConfig c = ClientConfig.fromEnvironment(both, home);
    assertThat(c.address().authority()).isEqualTo("a:1");
    assertThat(c.token()).isEqualTo("s.lease");
    assertThat(c.tokenSource()).isEqualTo("LEASEHOLD_TOKEN");

    c = ClientConfig.fromEnvironment(Map.of("VAULT_ADDR", "http://b:2", "VAULT_TOKEN",
        "s.vault"), home);
    assertThat(c.address().authority()).isEqualTo("b:2");
    assertThat(c.token()).isEqualTo("s.vault");

    c = ClientConfig.fromEnvironment(Map.of("LEASEHOLD_TOKEN", "  "), home);
    assertThat(c.token()).isEqualTo("s.fromfile");
    assertThat(c.tokenSource()).isEqualTo("~/.leasehold-token");
  }

  @Test
  void timeout_fromEnvironment() throws Exception {
    assertThat(ClientConfig.fromEnvironment(Map.of("LEASEHOLD_CLIENT_TIMEOUT", "5"), home)
        .deadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ClientConfig.fromEnvironment(Map.of("VAULT_CLIENT_TIMEOUT", "2m"), home)
        .deadline()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> ClientConfig.fromEnvironment(
        Map.of("LEASEHOLD_CLIENT_TIMEOUT", "0"), home)).hasMessageContaining("positive");
  }

  @Test
  void toString_neverShowsTheToken() throws Exception {
    ClientConfig c = ClientConfig.fromEnvironment(Map.of("LEASEHOLD_TOKEN", "s.secret"), home);
    assertThat(c.toString()).doesNotContain("s.secret").contains("<redacted>");
    assertThat(new TokenCredentials("s.secret").toString()).doesNotContain("s.secret");
  }
}
