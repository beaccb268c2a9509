package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator flow as a user runs it: the real {@code ./leasehold} CLI, one process per command,
 * against a real {@code ./leasehold server -config=FILE} process whose storage is RocksDB in a
 * temporary directory. init 5/3 (JSON), status exits 2 while sealed, three unseals (one key from
 * stdin, one in hex), the root token works, seal, unseal again, generate-root with three keys and
 * decode, rotate; then SIGTERM, a new server process on the same directory, three unseals, and
 * every token from before still works.
 */
class CliOperatorFlowTest {
  @TempDir
  Path tmp;

  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (ServerProcess s : servers) {
      s.close();
    }
  }

  private ServerProcess startServer(Path config, int port, String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    ServerProcess server = ServerProcess.start(dir, port, "-config=" + config);
    servers.add(server);
    assertThat(HealthGrpc.newBlockingStub(server.channel).withWaitForReady()
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("leasehold.v1.SysService").build())
        .getStatus()).isEqualTo(ServingStatus.SERVING);
    return server;
  }

  /** Gives the three keys, checking the progress the table shows after each. */
  private static void unsealWith(CliProcess cli, String first, String second, String third) {
    assertThat(cli.run("operator", "unseal", first).ok().row("Unseal Progress"))
        .isEqualTo("1/3");
    // The second from standard input, as "echo $KEY | leasehold operator unseal" does.
    assertThat(cli.runWithInput(second + "\n", "operator", "unseal").ok()
        .row("Unseal Progress")).isEqualTo("2/3");
    CliProcess.Result last = cli.run("operator", "unseal", third).ok();
    assertThat(last.row("Sealed")).isEqualTo("false");
    assertThat(last.out()).doesNotContain("Unseal Progress");
  }

  private static void assertRootWorks(CliProcess cli, String token) {
    CliProcess.Result lookup = cli.env("LEASEHOLD_TOKEN", token).run("token", "lookup").ok();
    assertThat(lookup.row("policies")).isEqualTo("[root]");
    assertThat(lookup.row("id")).isEqualTo(token);
  }

  @Test
  void initUnsealSealGenerateRootRestart() throws Exception {
    int port = ServerProcess.freePort();
    Path data = tmp.resolve("data");
    Path config = tmp.resolve("server.hcl");
    Files.writeString(config, String.join("\n",
        "storage \"rocksdb\" {",
        "  path = \"" + data + "\"",
        "}",
        "listener \"tcp\" {",
        "  address     = \"127.0.0.1:" + port + "\"",
        "  tls_disable = true",
        "}",
        "cluster_name = \"ops-it\"",
        ""));
    Path home = Files.createDirectories(tmp.resolve("home"));
    CliProcess cli = new CliProcess("127.0.0.1:" + port, home);
    ServerProcess first = startServer(config, port, "first");

    assertThat(cli.run("operator", "init", "-status").exit(2).out())
        .isEqualTo("Leasehold is not initialized\n");
    JsonNode init = cli.run("operator", "init", "-key-shares=5", "-key-threshold=3",
        "-format=json").ok().json();
    assertThat(init.get("unseal_shares").asInt()).isEqualTo(5);
    assertThat(init.get("unseal_threshold").asInt()).isEqualTo(3);
    List<String> keys = new ArrayList<>();
    init.get("unseal_keys_b64").forEach(k -> keys.add(k.asText()));
    List<String> hex = new ArrayList<>();
    init.get("unseal_keys_hex").forEach(k -> hex.add(k.asText()));
    assertThat(keys).hasSize(5).doesNotHaveDuplicates();
    assertThat(hex).hasSize(5).allMatch(k -> k.matches("[0-9a-f]+"));
    String root = init.get("root_token").asText();
    assertThat(root).startsWith("s.");
    assertThat(cli.run("operator", "init", "-status").ok().out())
        .isEqualTo("Leasehold is initialized\n");

    CliProcess.Result sealed = cli.run("status").exit(2);
    assertThat(sealed.row("Initialized")).isEqualTo("true");
    assertThat(sealed.row("Sealed")).isEqualTo("true");
    assertThat(sealed.row("Unseal Progress")).isEqualTo("0/3");
    assertThat(sealed.row("Storage Type")).isEqualTo("rocksdb");

    unsealWith(cli, keys.get(0), keys.get(1), hex.get(2));
    CliProcess.Result unsealed = cli.run("status").ok();
    assertThat(unsealed.row("Seal Type")).isEqualTo("shamir");
    assertThat(unsealed.row("Total Shares")).isEqualTo("5");
    assertThat(unsealed.row("Threshold")).isEqualTo("3");
    assertThat(unsealed.row("Cluster Name")).isEqualTo("ops-it");
    assertThat(unsealed.row("Cluster ID")).isNotEqualTo("n/a");
    assertThat(unsealed.row("HA Enabled")).isEqualTo("false");
    assertRootWorks(cli, root);
    String child = cli.run("token", "create", "-policy=default", "-ttl=24h", "-field=token")
        .ok().out();

    assertThat(cli.run("operator", "seal").ok().out())
        .isEqualTo("Success! Leasehold is sealed.\n");
    cli.run("status").exit(2);
    assertThat(cli.run("token", "lookup").exit(2).err()).contains("* server is sealed");
    unsealWith(cli, keys.get(4), keys.get(3), keys.get(2));
    assertRootWorks(cli, root);

    JsonNode started = cli.run("operator", "generate-root", "-init", "-format=json").ok().json();
    String nonce = started.get("nonce").asText();
    String otp = started.get("otp").asText();
    assertThat(started.get("otp_length").asInt()).isEqualTo(otp.length());
    assertThat(cli.run("operator", "generate-root", "-nonce=" + nonce, keys.get(1)).ok()
        .row("Progress")).isEqualTo("1/3");
    // Prompted (here: stdin): the nonce comes from the attempt's status.
    assertThat(cli.runWithInput(keys.get(3) + "\n", "operator", "generate-root").ok()
        .row("Progress")).isEqualTo("2/3");
    JsonNode done = cli.run("operator", "generate-root", "-format=json", "-nonce=" + nonce,
        keys.get(0)).ok().json();
    assertThat(done.get("complete").asBoolean()).isTrue();
    String encoded = done.get("encoded_token").asText();
    String newRoot = cli.run("operator", "generate-root", "-decode=" + encoded, "-otp=" + otp)
        .ok().out();
    assertThat(newRoot).startsWith("s.").isNotEqualTo(root);
    assertRootWorks(cli, newRoot);

    assertThat(cli.run("operator", "rotate").ok().out())
        .isEqualTo("Success! Rotated key\n\nKey Term    2\n");
    assertThat(cli.run("token", "lookup", child).ok().row("policies"))
        .isEqualTo("[default]");

    // Durability: a new process on the same directory, unsealed with three other keys.
    assertThat(first.terminate()).as("stopped after SIGTERM").isTrue();
    String firstLog = first.out() + first.err();
    ServerProcess second = startServer(config, port, "second");
    CliProcess.Result restarted = cli.run("status").exit(2);
    assertThat(restarted.row("Initialized")).isEqualTo("true");
    assertThat(restarted.row("Unseal Progress")).isEqualTo("0/3");
    unsealWith(cli, keys.get(2), keys.get(0), keys.get(4));
    assertRootWorks(cli, root);
    assertRootWorks(cli, newRoot);
    assertThat(cli.env("LEASEHOLD_TOKEN", child).run("token", "lookup").ok().row("id"))
        .isEqualTo(child);

    assertThat(second.terminate()).isTrue();
    String logs = firstLog + second.out() + second.err();
    assertThat(logs).doesNotContain("Exception");
    List<String> secrets = new ArrayList<>(keys);
    secrets.addAll(hex);
    secrets.addAll(List.of(root, newRoot, child, otp));
    for (String secret : secrets) {
      assertThat(logs).doesNotContain(secret);
    }
  }
}
