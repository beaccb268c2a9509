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

  @Test
  void appRole_everyPath_againstTheRealServer() throws Exception {
    assertThat(run("auth", "enable", "-description=machines", "approle").out())
        .isEqualTo("Success! Enabled approle auth method at: approle/\n");
    Result dup = run("auth", "enable", "approle");
    assertThat(dup.exitCode()).isEqualTo(2);
    assertThat(dup.err()).contains("path is already in use at approle/");

    run("write", "auth/approle/role/app", "token_policies=a,b", "token_ttl=10m",
        "token_max_ttl=1h", "secret_id_num_uses=2", "secret_id_ttl=1h");
    JsonNode role = run("read", "-format=json", "auth/approle/role/app").json().get("data");
    assertThat(role.get("bind_secret_id").asBoolean()).isTrue();
    assertThat(role.get("secret_id_num_uses").asLong()).isEqualTo(2);
    assertThat(role.get("secret_id_ttl").asLong()).isEqualTo(3600);
    assertThat(role.get("token_policies").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(role.get("token_ttl").asLong()).isEqualTo(600);
    assertThat(role.get("token_max_ttl").asLong()).isEqualTo(3600);
    assertThat(role.get("token_type").asText()).isEqualTo("default");
    assertThat(role.has("period")).isFalse();
    assertThat(role.has("policies")).isFalse();
    assertThat(run("list", "auth/approle/role").out()).isEqualTo("Keys\n----\napp\n");

    run("write", "auth/approle/role/app/role-id", "role_id=custom-id");
    assertThat(run("read", "-field=role_id", "auth/approle/role/app/role-id").out())
        .isEqualTo("custom-id");

    JsonNode generated = run("write", "-format=json", "auth/approle/role/app/secret-id",
        "metadata={\"team\":\"ci\"}").json().get("data");
    String secretId = generated.get("secret_id").asText();
    String accessor = generated.get("secret_id_accessor").asText();
    assertThat(generated.get("secret_id_num_uses").asLong()).isEqualTo(2);
    assertThat(generated.get("secret_id_ttl").asLong()).isEqualTo(3600);
    assertThat(run("list", "auth/approle/role/app/secret-id").out()).contains(accessor);
    JsonNode info = run("write", "-format=json", "auth/approle/role/app/secret-id/lookup",
        "secret_id=" + secretId).json().get("data");
    assertThat(info.get("secret_id_accessor").asText()).isEqualTo(accessor);
    assertThat(info.get("metadata").toString()).isEqualTo("{\"team\":\"ci\"}");
    assertThat(info.get("expiration_time").asText()).endsWith("Z").doesNotStartWith("0001");
    assertThat(info.has("secret_id")).isFalse();

    Result login = run("write", "auth/approle/login", "role_id=custom-id",
        "secret_id=" + secretId);
    assertThat(login.out()).contains("token_duration          10m\n")
        .contains("token_policies          [\"a\" \"b\" \"default\"]\n")
        .contains("token_meta_role_name    app\n").contains("token_meta_team         ci\n");
    String token = login.out().lines().filter(l -> l.startsWith("token  ")).findFirst()
        .orElseThrow().substring("token".length()).strip();
    assertThat(run("token", "lookup", "-field=path", token).out())
        .isEqualTo("auth/approle/login");
    assertThat(run("write", "auth/approle/role/app/secret-id-accessor/lookup",
        "secret_id_accessor=" + accessor).out()).contains("secret_id_num_uses    1\n");

    Result wrong = run("write", "auth/approle/login", "role_id=custom-id", "secret_id=nope");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("Code: 400. Errors:\n\n* invalid role or secret ID\n");

    run("write", "auth/approle/role/app/secret-id-accessor/destroy",
        "secret_id_accessor=" + accessor);
    assertThat(run("list", "auth/approle/role/app/secret-id").exitCode()).isEqualTo(2);
    String second = run("write", "-f", "-field=secret_id", "auth/approle/role/app/secret-id")
        .out();
    run("write", "auth/approle/role/app/secret-id/destroy", "secret_id=" + second);
    assertThat(run("write", "auth/approle/login", "role_id=custom-id", "secret_id=" + second)
        .exitCode()).isEqualTo(2);

    assertThat(run("auth", "list").out()).contains("approle/    approle    auth_approle_")
        .contains("machines");
    assertThat(run("auth", "disable", "approle").out())
        .isEqualTo("Success! Disabled the auth method (if it existed) at: approle/\n");
    assertThat(run("token", "lookup", token).exitCode()).isEqualTo(2);
    assertThat(run("auth", "list").out()).doesNotContain("approle/");
    assertThat(run("delete", "auth/approle/role/app").err())
        .contains("no handler for route");
  }
}
