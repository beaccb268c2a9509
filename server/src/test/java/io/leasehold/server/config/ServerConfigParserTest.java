package io.leasehold.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.storage.Storage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigParserTest {
  private static final String FILE = "server.hcl";
  private static final String LISTENER =
      "listener \"tcp\" {\n  address = \"127.0.0.1:8200\"\n  tls_disable = true\n}\n";

  private static ServerConfig parse(String text) throws ConfigException {
    return ServerConfigParser.parse(text, FILE, StorageBackends.builtIn());
  }

  private static void refused(String text, String message) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void vaultShapedConfig_everyKey() throws Exception {
    ServerConfig c = parse("""
        # a comment
        storage "rocksdb" {
          path = "/var/lib/leasehold"
        }
        listener "tcp" {
          address     = "0.0.0.0:8300"
          tls_disable = "true"
        }
        default_lease_ttl = "1h"
        max_lease_ttl     = 86400
        cluster_name      = "prod-east"
        log_level         = "WARNING"
        """);

    assertThat(c.source()).isEqualTo(FILE);
    assertThat(c.storage().type()).isEqualTo("rocksdb");
    assertThat(c.storage().option("path")).isEqualTo("/var/lib/leasehold");
    assertThat(c.storage().where()).isEqualTo("server.hcl:2:1");
    assertThat(c.listenAddress()).isEqualTo(new InetSocketAddress("0.0.0.0", 8300));
    assertThat(c.leaseDefaults()).isEqualTo(new SystemDefaults(3600, 86400));
    assertThat(c.clusterName()).isEqualTo("prod-east");
    assertThat(c.logLevel()).isEqualTo("warn");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void minimal_defaultsFilledIn() throws Exception {
    ServerConfig c = parse("storage \"inmem\" {}\nlistener \"tcp\" { tls_disable = true }\n");

    assertThat(c.storage().type()).isEqualTo("inmem");
    assertThat(c.storage().options()).isEmpty();
    assertThat(c.listenAddressText()).isEqualTo("127.0.0.1:8200");
    assertThat(c.leaseDefaults()).isEqualTo(SystemDefaults.vault());
    assertThat(c.clusterName()).isNull();
    assertThat(c.logLevel()).isEqualTo("info");
  }

  @Test
  void zeroTtls_meanVaultsDefault() throws Exception {
    ServerConfig c = parse("storage \"inmem\" {}\n" + LISTENER
        + "default_lease_ttl = 0\nmax_lease_ttl = \"0s\"\n");

    assertThat(c.leaseDefaults()).isEqualTo(SystemDefaults.vault());
  }

  @Test
  void keysVaultUsersWrite_acceptedWithAWarningEach() throws Exception {
    ServerConfig c = parse("""
        storage "inmem" {}
        listener "tcp" {
          address         = "127.0.0.1:8200"
          cluster_address = "127.0.0.1:8201"
          tls_disable     = 1
        }
        ui            = true
        disable_mlock = true
        api_addr      = "http://127.0.0.1:8200"
        cluster_addr  = "https://127.0.0.1:8201"
        """);

    assertThat(c.warnings()).containsExactly(
        "server.hcl:4:3: \"cluster_address\" in listener \"tcp\" is accepted for Vault"
            + " compatibility and ignored",
        "server.hcl:7:1: \"ui\" is accepted for Vault compatibility and ignored",
        "server.hcl:8:1: \"disable_mlock\" is accepted for Vault compatibility and ignored",
        "server.hcl:9:1: \"api_addr\" is accepted for Vault compatibility and ignored",
        "server.hcl:10:1: \"cluster_addr\" is accepted for Vault compatibility and ignored");
  }

  @Test
  void unknownTopLevelKey_fileLineAndTheAllowedKeys() {
    refused("storage \"inmem\" {}\n" + LISTENER + "\nmax_ttl = \"1h\"\n",
        "server.hcl:7:1: unknown key \"max_ttl\"; allowed: default_lease_ttl, max_lease_ttl,"
            + " cluster_name, log_level, and the blocks storage, listener");
  }

  @Test
  void unknownBlock() {
    refused("storage \"inmem\" {}\n" + LISTENER + "seal \"awskms\" {}\n",
        "server.hcl:6:1: unknown block \"seal\"; allowed: storage, listener, and the keys"
            + " default_lease_ttl, max_lease_ttl, cluster_name, log_level");
  }

  @Test
  void unknownStorageType_allowedTypes() {
    refused("storage \"raft\" { path = \"x\" }\n" + LISTENER,
        "server.hcl:1:1: unknown storage type \"raft\"; allowed: inmem, rocksdb");
  }

  @Test
  void storageOptions_checkedPerBackend() {
    refused("storage \"rocksdb\" {}\n" + LISTENER,
        "server.hcl:1:1: storage \"rocksdb\" needs path, e.g. path = \"...\"");
    refused("storage \"rocksdb\" {\n  path = \"x\"\n  node_id = \"a\"\n}\n" + LISTENER,
        "server.hcl:3:3: unknown key \"node_id\" in storage \"rocksdb\"; allowed: path");
    refused("storage \"inmem\" {\n  path = \"x\"\n}\n" + LISTENER,
        "server.hcl:2:3: unknown key \"path\" in storage \"inmem\"; it takes no options");
    refused("storage \"rocksdb\" { path = 5 }\n" + LISTENER,
        "server.hcl:1:21: path must be a string (in double quotes)");
    refused("storage {}\n" + LISTENER,
        "server.hcl:1:1: storage needs exactly one label, e.g. storage \"rocksdb\" { path ="
            + " \"...\" }");
  }

  @Test
  void oneStorageAndOneListener() {
    refused("storage \"inmem\" {}\nstorage \"inmem\" {}\n" + LISTENER,
        "server.hcl:2:1: only one storage block is allowed (the first is at 1:1)");
    refused("storage \"inmem\" {}\n" + LISTENER + LISTENER,
        "server.hcl:6:1: only one listener block is allowed (the first is at 2:1)");
  }

  @Test
  void missingBlocks() {
    assertThatThrownBy(() -> parse(LISTENER)).hasMessageStartingWith(
        "server.hcl: a storage block is required, e.g. storage \"rocksdb\"");
    assertThatThrownBy(() -> parse("storage \"inmem\" {}\n")).hasMessageStartingWith(
        "server.hcl: a listener block is required");
  }

  @Test
  void listener_tlsMustBeDisabled_typeTcp_addressValid() {
    refused("storage \"inmem\" {}\nlistener \"tcp\" {\n  address = \"127.0.0.1:8200\"\n}\n",
        "server.hcl:2:1: TLS is not supported yet: set tls_disable = true in the listener"
            + " (clients connect in plaintext)");
    refused("storage \"inmem\" {}\nlistener \"tcp\" {\n  tls_disable = false\n}\n",
        "server.hcl:3:3: TLS is not supported yet: set tls_disable = true in the listener"
            + " (clients connect in plaintext)");
    refused("storage \"inmem\" {}\nlistener \"tcp\" {\n  tls_disable = \"maybe\"\n}\n",
        "server.hcl:3:3: tls_disable must be true or false");
    refused("storage \"inmem\" {}\nlistener \"unix\" { tls_disable = true }\n",
        "server.hcl:2:1: unknown listener type \"unix\"; allowed: tcp");
    refused("storage \"inmem\" {}\nlistener \"tcp\" {\n  tls_disable = true\n"
            + "  tls_cert_file = \"a.pem\"\n}\n",
        "server.hcl:4:3: unknown key \"tls_cert_file\" in listener \"tcp\"; allowed: address,"
            + " tls_disable");
    refused("storage \"inmem\" {}\nlistener \"tcp\" {\n  tls_disable = true\n"
            + "  address = \"localhost:99999\"\n}\n",
        "server.hcl:4:3: address 'localhost:99999': the port must be a number from 0 to 65535");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "default_lease_ttl = \"soon\"|server.hcl:6:1: default_lease_ttl: time: invalid duration"
          + " \"soon\"; use a duration such as \"768h\", \"30m\" or a number of seconds",
      "max_lease_ttl = \"-5m\"|server.hcl:6:1: max_lease_ttl must not be negative",
      "max_lease_ttl = true|server.hcl:6:1: max_lease_ttl must be a duration such as \"768h\","
          + " \"30m\" or a number of seconds",
      "default_lease_ttl = \"800h\"|server.hcl:6:1: default_lease_ttl (800h) cannot be larger"
          + " than max_lease_ttl (768h)",
      "log_level = \"loud\"|server.hcl:6:1: log_level \"loud\" is not a level; allowed: trace,"
          + " debug, info, warn, error",
      "cluster_name = \"\"|server.hcl:6:1: cluster_name must not be empty",
      "cluster_name = [\"a\"]|server.hcl:6:1: cluster_name must be a string (in double quotes)"})
  void badValues_fileLineAndWhatIsAllowed(String line, String message) {
    refused("storage \"inmem\" {}\n" + LISTENER + line + "\n", message);
  }

  @Test
  void aKeySetTwice() {
    refused("storage \"inmem\" {}\n" + LISTENER + "log_level = \"info\"\nlog_level = \"debug\"\n",
        "server.hcl:7:1: log_level is set twice (first at 6:1)");
  }

  @Test
  void hclSyntaxErrors_carryTheFileName() {
    assertThatThrownBy(() -> parse("storage \"inmem\" {\n")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("server.hcl:1:");
    assertThatThrownBy(() -> parse("cluster_name = \"a\n")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("server.hcl:1:16: ");
  }

  @Test
  void builtInDefault_rocksdbUnderTheDataDirectory_onLoopback() throws Exception {
    ServerConfig c = ServerConfigParser.builtInDefault(StorageBackends.builtIn());

    assertThat(c.storage().type()).isEqualTo("rocksdb");
    assertThat(c.storage().option("path")).isEqualTo("./leasehold-data");
    assertThat(c.listenAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8200));
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void backends_openInmemAndRocksdb_andCanBeReplaced(@TempDir Path dir) throws Exception {
    StorageBackends builtIn = StorageBackends.builtIn();
    try (Storage s = builtIn.open(parse("storage \"inmem\" {}\n" + LISTENER).storage())) {
      assertThat(s.type()).isEqualTo("inmem");
      assertThat(s.blocking()).isFalse();
    }
    StorageSettings rocks = parse("storage \"rocksdb\" { path = \"" + dir.resolve("data")
        + "\" }\n" + LISTENER).storage();
    try (Storage s = builtIn.open(rocks)) {
      assertThat(s.type()).isEqualTo("rocksdb");
      assertThat(s.blocking()).isTrue();
    }
    assertThat(dir.resolve("data")).isDirectory();

    StorageBackends wired = builtIn.with(new StorageBackends.Backend("rocksdb",
        java.util.Set.of("path"), java.util.Set.of(),
        s -> new io.leasehold.server.storage.InMemoryStorage()));
    try (Storage s = wired.open(rocks)) {
      assertThat(s.type()).isEqualTo("inmem");
    }
  }
}
