package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.cli.CliContext;
import io.leasehold.client.cli.ClientCommands;
import io.leasehold.client.cli.LeaseholdCli;
import io.leasehold.server.LeaseholdServer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI commands beyond the walkthroughs against a real server in this JVM (in-process
 * transport, no process starts): the shapes scripts rely on, checked against real answers.
 */
class CliAgainstServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path home;

  private LeaseholdServer server;
  private ManagedChannel channel;
  private final Map<String, String> env = new HashMap<>();

  record Result(int exitCode, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = LeaseholdServer.builder().serverBuilder(InProcessServerBuilder.forName(name))
        .start();
    channel = InProcessChannelBuilder.forName(name).build();
    env.put("LEASEHOLD_TOKEN", server.rootToken());
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  private Result runWithInput(String stdin, String... args) {
    CliContext ctx = new CliContext(env, home,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        config -> new LeaseholdClient(channel, config.token(), config.deadline()));
    CommandLine cli = LeaseholdCli.newCommandLine(ClientCommands.plugins(ctx));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Result(LeaseholdCli.execute(cli, args), out.toString(), err.toString());
  }

  private Result run(String... args) {
    return runWithInput("", args);
  }

  @Test
  void lookupJson_everyFieldScriptsRead() throws Exception {
    String token = run("token", "create", "-ttl=1h", "-policy=default", "-use-limit=5",
        "-field=token").out();
    JsonNode data = run("token", "lookup", "-format=json", token).json().get("data");
    assertThat(data.get("accessor").asText()).matches("[0-9A-Za-z]{24}");
    assertThat(data.get("creation_time").isIntegralNumber()).isTrue();
    assertThat(data.get("creation_ttl").asLong()).isEqualTo(3600);
    assertThat(data.get("display_name").asText()).isEqualTo("token");
    assertThat(data.get("entity_id").asText()).isEmpty();
    assertThat(data.get("expire_time").asText()).endsWith("Z");
    assertThat(data.get("explicit_max_ttl").asLong()).isZero();
    assertThat(data.get("id").asText()).isEqualTo(token);
    assertThat(data.get("issue_time").asText()).endsWith("Z");
    assertThat(data.get("meta").isNull()).isTrue();
    assertThat(data.get("num_uses").asLong()).isEqualTo(5);
    assertThat(data.get("orphan").asBoolean()).isFalse();
    assertThat(data.get("path").asText()).isEqualTo("auth/token/create");
    assertThat(data.get("policies").toString()).isEqualTo("[\"default\"]");
    assertThat(data.get("renewable").asBoolean()).isTrue();
    assertThat(data.get("ttl").asLong()).isBetween(3590L, 3600L);
    assertThat(data.get("type").asText()).isEqualTo("service");
  }

  @Test
  void capabilities_selfOtherAccessor() {
    runWithInput("path \"secret/*\" { capabilities = [\"read\", \"list\"] }", "policy",
        "write", "r", "-");
    String token = run("token", "create", "-policy=r", "-field=token").out();
    env.put("LEASEHOLD_TOKEN", token);
    assertThat(run("token", "capabilities", "secret/x").out()).isEqualTo("list, read\n");
    env.put("LEASEHOLD_TOKEN", server.rootToken());
    assertThat(run("token", "capabilities", token, "secret/x").out()).isEqualTo("list, read\n");
    assertThat(run("token", "capabilities", token, "auth/token/create").out())
        .isEqualTo("deny\n");
    assertThat(run("token", "capabilities", "secret/x").out()).isEqualTo("root\n");
  }

  @Test
  void policies_readListDelete() throws Exception {
    String rules = "path \"secret/*\" {\n  capabilities = [\"read\"]\n}\n";
    runWithInput(rules, "policy", "write", "reader", "-");
    assertThat(run("policy", "read", "reader").out()).isEqualTo(rules);
    assertThat(run("policy", "read", "-format=json", "reader").json().get("policy").asText())
        .isEqualTo(rules);
    assertThat(run("policy", "list").out()).contains("reader\n").contains("default\n")
        .contains("root\n");
    assertThat(run("policy", "delete", "reader").out())
        .isEqualTo("Success! Deleted policy: reader\n");
    assertThat(run("policy", "read", "reader").exitCode()).isEqualTo(2);

    Result bad = runWithInput("path \"x\" { capabilities = [read] }", "policy", "write", "bad",
        "-");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("Code: 400. Errors:\n\n* failed to parse policy");
  }

  @Test
  void rolesAccessorsAndRevokeModes() {
    run("write", "auth/token/roles/app", "allowed_policies=default", "period=1h");
    assertThat(run("list", "auth/token/roles").out()).isEqualTo("Keys\n----\napp\n");

    runWithInput("path \"auth/token/create\" { capabilities = [\"update\"] }", "policy", "write",
        "creator", "-");
    String parent = run("token", "create", "-policy=creator", "-field=token").out();
    String accessor = run("token", "lookup", "-field=accessor", parent).out();
    env.put("LEASEHOLD_TOKEN", parent);
    String child = run("token", "create", "-policy=default", "-field=token").out();
    env.put("LEASEHOLD_TOKEN", server.rootToken());
    assertThat(child).matches("s\\.[0-9A-Za-z]{24}");
    assertThat(run("list", "auth/token/accessors").out()).contains(accessor);
    assertThat(run("token", "lookup", "-accessor", accessor).out()).contains("path ");

    // -mode=orphan: only the parent goes; the child stays, now an orphan
    assertThat(run("token", "revoke", "-mode=orphan", parent).exitCode()).isZero();
    assertThat(run("token", "lookup", "-field=orphan", child).out()).isEqualTo("true");
    String other = run("token", "create", "-policy=default", "-field=token").out();
    String otherAccessor = run("token", "lookup", "-field=accessor", other).out();
    assertThat(run("token", "revoke", "-accessor", otherAccessor).exitCode()).isZero();
    assertThat(run("token", "lookup", other).exitCode()).isEqualTo(2);

    assertThat(run("lease", "revoke", "-prefix", "auth/token/create").out())
        .isEqualTo("All revocation operations queued successfully!\n");
    assertThat(run("token", "lookup", child).exitCode()).isEqualTo(2);
    assertThat(run("delete", "auth/token/roles/app").out())
        .isEqualTo("Success! Data deleted (if it existed) at: auth/token/roles/app\n");
  }

  @Test
  void authTune_andYaml() {
    assertThat(run("auth", "tune", "-default-lease-ttl=2h", "token/").out())
        .isEqualTo("Success! Tuned the auth method at: token/\n");
    assertThat(run("read", "-format=yaml", "sys/auth/token/tune").out())
        .contains("data:\n  default_lease_ttl: 7200\n");
    assertThat(run("token", "create", "-policy=default", "-field=token_duration").out())
        .isEqualTo("7200");
  }

  @Test
  void cubbyhole_writeReadListDelete_andSelfRenewRevoke() throws Exception {
    String token = run("token", "create", "-policy=default", "-ttl=1h", "-field=token").out();
    env.put("LEASEHOLD_TOKEN", token);
    run("write", "cubbyhole/app/db", "user=app", "password=-");
    assertThat(run("read", "-format=json", "cubbyhole/app/db").json().at("/data/user").asText())
        .isEqualTo("app");
    assertThat(run("list", "cubbyhole/").out()).isEqualTo("Keys\n----\napp/\n");
    assertThat(run("read", "-field=user", "cubbyhole/app/db").out()).isEqualTo("app");
    run("delete", "cubbyhole/app/db");
    assertThat(run("read", "cubbyhole/app/db").err())
        .isEqualTo("No value found at cubbyhole/app/db\n");
    assertThat(run("token", "renew", "-increment=30m").out()).contains("token_duration       30m");
    assertThat(run("token", "revoke", "-self").exitCode()).isZero();
    assertThat(run("token", "lookup").exitCode()).isEqualTo(2);
  }
}
