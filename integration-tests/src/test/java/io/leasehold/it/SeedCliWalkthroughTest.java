package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasehold.it.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Managing Vault Tokens" lab (seed 000) typed into a shell: every step but the Google Cloud
 * ones, AppRole logins included, each a real {@code ./leasehold} process against a real dev
 * server process, with the values the lab shows; what the lab pipes through jq is parsed here.
 * Waits are made short with 1-2 s tokens and polling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedCliWalkthroughTest {
  private static final String TOKEN = "s\\.[0-9A-Za-z]{24}";
  private static final String UUID =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private Path home;

  private DevServerProcess server;
  private CliProcess cli;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    home = dir;
    server = DevServerProcess.start(home);
    cli = new CliProcess(server.address(), home).env("LEASEHOLD_TOKEN", server.rootToken());
  }

  @AfterAll
  void stop() {
    System.out.println("SeedCliWalkthroughTest: " + (cli == null ? "" : cli.timing()));
    if (server != null) {
      server.close();
    }
  }

  /** Runs a command as the given token (VAULT_TOKEN=... vault ... in the lab). */
  private Result as(String token, String... args) {
    cli.env("LEASEHOLD_TOKEN", token);
    try {
      return cli.run(args);
    } finally {
      cli.env("LEASEHOLD_TOKEN", server.rootToken());
    }
  }

  @Test
  @Order(1)
  void status_unsealedDevServer() {
    Result r = cli.run("status").ok();
    assertThat(r.out()).startsWith("Key             Value\n---             -----\n");
    assertThat(r.row("Seal Type")).isEqualTo("shamir");
    assertThat(r.row("Initialized")).isEqualTo("true");
    assertThat(r.row("Sealed")).isEqualTo("false");
    assertThat(r.row("Total Shares")).isEqualTo("1");
    assertThat(r.row("Threshold")).isEqualTo("1");
    assertThat(r.row("Storage Type")).isEqualTo("inmem");
    assertThat(r.row("HA Enabled")).isEqualTo("false");
  }

  // vault token create -help
  @Test
  @Order(2)
  void tokenCreateHelp() {
    Result r = cli.run("token", "create", "-help").ok();
    assertThat(r.out()).startsWith("Usage: leasehold token create")
        .contains("-ttl=DURATION").contains("-use-limit=N").contains("-policy=NAME")
        .contains("-period=DURATION").contains("-orphan").contains("-type=TYPE");
  }

  // vault token create -ttl=1h -use-limit=2 -policy=default; lookup; write; read -> 403
  @Test
  @Order(2)
  void useLimitToken_lookupSpendsAUse_writeTheLast_readDenied() {
    Result created = cli.run("token", "create", "-ttl=1h", "-use-limit=2", "-policy=default")
        .ok();
    assertThat(created.out()).startsWith("Key                  Value\n"
        + "---                  -----\ntoken                s.");
    assertThat(created.row("token")).matches(TOKEN);
    assertThat(created.row("token_accessor")).matches("[0-9A-Za-z]{24}");
    assertThat(created.row("token_duration")).isEqualTo("1h");
    assertThat(created.row("token_renewable")).isEqualTo("true");
    assertThat(created.row("token_policies")).isEqualTo("[\"default\"]");
    assertThat(created.row("identity_policies")).isEqualTo("[]");
    assertThat(created.row("policies")).isEqualTo("[\"default\"]");
    String token = created.row("token");

    Result lookup = as(token, "token", "lookup").ok();
    assertThat(lookup.row("num_uses")).isEqualTo("1");
    assertThat(lookup.row("accessor")).isEqualTo(created.row("token_accessor"));
    assertThat(lookup.row("creation_ttl")).isEqualTo("1h");
    assertThat(lookup.row("display_name")).isEqualTo("token");
    assertThat(lookup.row("entity_id")).isEqualTo("n/a");
    assertThat(lookup.row("explicit_max_ttl")).isEqualTo("0s");
    assertThat(lookup.row("id")).isEqualTo(token);
    assertThat(lookup.row("meta")).isEqualTo("<nil>");

    assertThat(as(token, "write", "cubbyhole/token", "value=1234567890").ok().out())
        .isEqualTo("Success! Data written to: cubbyhole/token\n");

    Result denied = as(token, "read", "cubbyhole/token").exit(2);
    assertThat(denied.out()).isEmpty();
    assertThat(denied.err()).startsWith("Error reading cubbyhole/token: Error making API"
        + " request.\n").contains("Code: 403. Errors:\n\n* permission denied\n");
  }

  // vault token create -policy="default" -period=24h; vault token lookup <token>
  @Test
  @Order(3)
  void periodicToken() {
    Result created = cli.run("token", "create", "-policy=default", "-period=24h").ok();
    assertThat(created.row("token_duration")).isEqualTo("24h");
    assertThat(created.row("token_policies")).isEqualTo("[\"default\"]");

    Result lookup = cli.run("token", "lookup", created.row("token")).ok();
    assertThat(lookup.row("period")).isEqualTo("24h");
    assertThat(lookup.row("renewable")).isEqualTo("true");
    assertThat(lookup.row("orphan")).isEqualTo("false");
    assertThat(lookup.row("path")).isEqualTo("auth/token/create");
    assertThat(lookup.row("policies")).isEqualTo("[default]");
    assertThat(lookup.row("type")).isEqualTo("service");
    assertThat(lookup.row("ttl")).matches("23h59m[0-9]+s|24h");

    // vault token lookup -format=json <token> | jq -r .data.policies
    JsonNode json = cli.run("token", "lookup", "-format=json", created.row("token")).ok().json();
    assertThat(json.at("/data/policies").toString()).isEqualTo("[\"default\"]");
    assertThat(json.at("/data/period").asLong()).isEqualTo(86400);
    assertThat(json.at("/data/creation_ttl").isIntegralNumber()).isTrue();
    assertThat(json.at("/data/num_uses").asLong()).isZero();
    assertThat(json.has("auth")).isFalse();
  }

  // vault token create -ttl=45 -explicit-max-ttl=120; renew; renew -increment=60; capped
  @Test
  @Order(4)
  void renewWithIncrement_thenCappedByExplicitMax() {
    String token = cli.run("token", "create", "-ttl=45", "-explicit-max-ttl=120").ok()
        .row("token");

    assertThat(cli.run("token", "renew", token).ok().row("token_duration")).isEqualTo("45s");
    Result extended = cli.run("token", "renew", "-increment=60", token).ok();
    assertThat(extended.row("token_duration")).isEqualTo("1m");
    assertThat(extended.row("token")).isEqualTo(token);
    assertThat(extended.err()).isEmpty();

    // The lab waits for the cap; asking past the max shows the same warning now.
    Result capped = cli.run("token", "renew", "-increment=200", token).ok();
    assertThat(capped.err()).startsWith("WARNING! The following warnings were returned from")
        .containsPattern("\\* TTL of \"3m20s\" exceeded the effective max_ttl of \"1m5[0-9]s\";"
            + " TTL value is\\s+capped accordingly");
    assertThat(capped.row("token_duration")).matches("1m5[0-9]s");
  }

  // Once the explicit max has passed: Error renewing token ... Code: 400 ... token not found
  @Test
  @Order(5)
  void renewAfterExplicitMax_tokenNotFound() {
    String token = cli.run("token", "create", "-ttl=1", "-explicit-max-ttl=2").ok().row("token");

    Result gone = cli.runUntil(r -> r.exitCode() == 2 && r.err().contains("token not found"),
        "token", "renew", "-increment=60", token);
    assertThat(gone.err()).startsWith("Error renewing token: Error making API request.")
        .contains("Code: 400. Errors:\n\n* token not found\n");
  }

  // vault token create -ttl=60s; lookup; after the TTL: Code: 403 ... bad token
  @Test
  @Order(6)
  void shortLivedToken_thenBadToken() {
    Result created = cli.run("token", "create", "-ttl=60s").ok();
    assertThat(created.row("token_duration")).isEqualTo("1m");
    assertThat(created.row("token_policies")).isEqualTo("[\"root\"]");
    Result lookup = cli.run("token", "lookup", created.row("token")).ok();
    assertThat(lookup.row("creation_ttl")).isEqualTo("1m");
    assertThat(lookup.row("num_uses")).isEqualTo("0");
    assertThat(lookup.row("path")).isEqualTo("auth/token/create");
    assertThat(lookup.row("policies")).isEqualTo("[root]");
    assertThat(lookup.row("ttl")).matches("[0-9]+s|1m");
    assertThat(lookup.row("expire_time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    String brief = cli.run("token", "create", "-ttl=1s", "-field=token").ok().out();
    assertThat(brief).matches(TOKEN); // -field: just the value, no newline
    Result expired = cli.runUntil(r -> r.exitCode() == 2, "token", "lookup", brief);
    assertThat(expired.err()).startsWith("Error looking up token: Error making API request.")
        .contains("Code: 403. Errors:\n\n* bad token\n");
  }

  // vault token create -orphan; vault token lookup <token>
  @Test
  @Order(7)
  void orphanToken() {
    String token = cli.run("token", "create", "-orphan", "-field=token").ok().out();
    Result lookup = cli.run("token", "lookup", token).ok();
    assertThat(lookup.row("orphan")).isEqualTo("true");
    assertThat(lookup.row("creation_ttl")).isEqualTo("0s");
    assertThat(lookup.row("expire_time")).isEqualTo("<nil>");
    assertThat(lookup.row("explicit_max_ttl")).isEqualTo("0s");
    assertThat(lookup.row("renewable")).isEqualTo("false");
    assertThat(lookup.row("ttl")).isEqualTo("0s");
    assertThat(lookup.row("type")).isEqualTo("service");
  }

  // vault write auth/token/roles/zabbix ...; vault token create -role=zabbix
  @Test
  @Order(8)
  void tokenRole() {
    assertThat(cli.run("write", "auth/token/roles/zabbix",
        "allowed_policies=policy1, policy2, policy3", "orphan=true", "period=8h").ok().out())
        .isEqualTo("Success! Data written to: auth/token/roles/zabbix\n");

    Result created = cli.run("token", "create", "-role=zabbix").ok();
    assertThat(created.row("token_duration")).isEqualTo("8h");
    assertThat(created.row("token_renewable")).isEqualTo("true");
    assertThat(created.row("token_policies"))
        .isEqualTo("[\"default\" \"policy1\" \"policy2\" \"policy3\"]");
    assertThat(created.row("identity_policies")).isEqualTo("[]");
    assertThat(created.row("policies"))
        .isEqualTo("[\"default\" \"policy1\" \"policy2\" \"policy3\"]");
    // "You can ignore warnings for the policies not existing": on stderr, stdout stays clean.
    assertThat(created.err()).contains("* Policy \"policy1\" does not exist");
  }

  // policy test; parent (60 s) -> child (180 s) and orphan (180 s); revoke the parent
  @Test
  @Order(9)
  void revokeParent_childGoesOrphanStays() throws Exception {
    assertThat(cli.runWithInput("path \"auth/token/create\" {\n  capabilities = [\"create\","
        + " \"read\", \"update\", \"delete\", \"list\", \"sudo\"]\n}\n",
        "policy", "write", "test", "-").ok().out())
        .isEqualTo("Success! Uploaded policy: test\n");

    // vault token create ... -format=json | jq -r ".auth.client_token" > parent_token.txt
    JsonNode parent = cli.run("token", "create", "-ttl=60", "-policy=test", "-format=json").ok()
        .json();
    String parentToken = parent.at("/auth/client_token").asText();
    assertThat(parentToken).matches(TOKEN);
    assertThat(parent.at("/auth/lease_duration").asLong()).isEqualTo(60);
    assertThat(parent.at("/auth/renewable").asBoolean()).isTrue();
    assertThat(parent.at("/auth/policies").toString()).isEqualTo("[\"default\",\"test\"]");
    assertThat(parent.at("/lease_duration").asLong()).isZero();
    Files.writeString(home.resolve("parent_token.txt"), parentToken + "\n");

    String child = as(parentToken, "token", "create", "-ttl=180", "-policy=default",
        "-format=json").ok().json().at("/auth/client_token").asText();
    String orphan = as(parentToken, "token", "create", "-orphan", "-ttl=180", "-policy=default",
        "-format=json").ok().json().at("/auth/client_token").asText();

    assertThat(cli.run("token", "revoke", Files.readString(home.resolve("parent_token.txt"))
        .strip()).ok().out()).isEqualTo("Success! Revoked token (if it existed)\n");
    for (String gone : new String[] {parentToken, child}) {
      Result r = cli.run("token", "lookup", gone).exit(2);
      assertThat(r.err()).startsWith("Error looking up token: Error making API request.")
          .contains("Code: 403. Errors:\n\n* bad token\n");
    }
    Result kept = cli.run("token", "lookup", orphan).ok();
    assertThat(kept.row("orphan")).isEqualTo("true");
    assertThat(kept.row("policies")).isEqualTo("[default]");
  }

  // Task 4: batch tokens, and what they cannot do
  @Test
  @Order(11)
  void batchTokens() throws Exception {
    cli.runWithInput("path \"auth/token/create\" {\n  capabilities = [\"create\", \"read\","
        + " \"update\", \"delete\", \"list\"]\n}\n", "policy", "write", "test", "-").ok();

    Result created = cli.run("token", "create", "-type=batch", "-policy=test", "-ttl=20m").ok();
    String batch = created.row("token");
    assertThat(batch).startsWith("b.");
    assertThat(created.row("token_accessor")).isEqualTo("n/a");
    assertThat(created.row("token_duration")).isEqualTo("20m");
    assertThat(created.row("token_renewable")).isEqualTo("false");
    assertThat(created.row("token_policies")).isEqualTo("[\"default\" \"test\"]");
    assertThat(created.row("policies")).isEqualTo("[\"default\" \"test\"]");

    Result lookup = cli.run("token", "lookup", batch).ok();
    assertThat(lookup.row("accessor")).isEqualTo("n/a");
    assertThat(lookup.row("creation_ttl")).isEqualTo("20m");
    assertThat(lookup.row("id")).isEqualTo(batch);
    assertThat(lookup.row("policies")).isEqualTo("[default test]");
    assertThat(lookup.row("renewable")).isEqualTo("false");
    assertThat(lookup.row("type")).isEqualTo("batch");

    // vault login <batch_token>: no token in the environment from here on, as in the lab.
    cli.env("LEASEHOLD_TOKEN", null);
    try {
      Result login = cli.run("login", batch).ok();
      assertThat(login.out()).startsWith("Success! You are now authenticated.");
      assertThat(login.row("token")).isEqualTo(batch);
      Path stored = home.resolve(".leasehold-token");
      assertThat(Files.readString(stored).strip()).isEqualTo(batch);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
          .isEqualTo("rw-------");

      Result cubby = cli.run("write", "cubbyhole/token", "value=1234567890").exit(2);
      assertThat(cubby.err()).startsWith("Error writing data to cubbyhole/token: Error making"
          + " API request.").contains("Code: 400. Errors:\n\n* cubbyhole operations are only"
          + " supported by \"service\" type tokens\n");

      Result child = cli.run("token", "create", "-policy=default").exit(2);
      assertThat(child.err()).startsWith("Error creating token: Error making API request.")
          .contains("Code: 400. Errors:\n\n* batch tokens cannot create more tokens\n");

      cli.run("login", server.rootToken()).ok();
      Result revoke = cli.run("token", "revoke", batch).exit(2);
      assertThat(revoke.err()).startsWith("Error revoking token: Error making API request.")
          .containsIgnoringCase("Code: 400. Errors:\n\n* batch tokens cannot be revoked");
    } finally {
      cli.env("LEASEHOLD_TOKEN", server.rootToken());
    }
  }

  // Task 5: default TTL, auth list -detailed, sys/auth/token/tune, counters
  @Test
  @Order(13)
  void tokenManagement_tuneAndCount() {
    // Not a lab step: tokens of the earlier steps with TTLs of 1-3 minutes would expire while
    // this step runs on a loaded machine and make the count below off by one. What is left after
    // this (root, the AppRole logins' 24h tokens) outlives the test.
    assertThat(cli.run("lease", "revoke", "-prefix", "auth/token/create").ok().out())
        .isEqualTo("All revocation operations queued successfully!\n");
    long before = cli.run("read", "-format=json", "sys/internal/counters/tokens").ok().json()
        .at("/data/counters/service_tokens/total").asLong();
    assertThat(cli.run("token", "create", "-policy=default").ok().row("token_duration"))
        .isEqualTo("768h");

    // approle/ is there too, enabled by the "Apply token types" steps.
    Result list = cli.run("auth", "list", "-detailed").ok();
    String[] lines = list.out().split("\n");
    assertThat(lines[0]).startsWith("Path        Plugin     Accessor" + " ".repeat(17) + "Default TTL"
        + "    Max TTL    Token Type");
    assertThat(lines[2]).matches("approle/    approle    auth_approle_[0-9a-f]{8}    system"
        + "         system     default-service .*");
    assertThat(lines[3]).matches("token/      token      auth_token_[0-9a-f]{8}      system"
        + "         system     default-service .*token based credentials");

    Result tune = cli.run("read", "sys/auth/token/tune").ok();
    assertThat(tune.row("default_lease_ttl")).isEqualTo("768h");
    assertThat(tune.row("description")).isEqualTo("token based credentials");
    assertThat(tune.row("force_no_cache")).isEqualTo("false");
    assertThat(tune.row("max_lease_ttl")).isEqualTo("768h");
    assertThat(tune.row("token_type")).isEqualTo("default-service");

    try {
      cli.run("write", "sys/auth/token/tune", "default_lease_ttl=8h", "max_lease_ttl=720h").ok();
      Result tuned = cli.run("read", "sys/auth/token/tune").ok();
      assertThat(tuned.row("default_lease_ttl")).isEqualTo("8h");
      assertThat(tuned.row("max_lease_ttl")).isEqualTo("720h");
      assertThat(cli.run("token", "create", "-policy=default").ok().row("token_duration"))
          .isEqualTo("8h");
    } finally {
      cli.run("write", "sys/auth/token/tune", "default_lease_ttl=0", "max_lease_ttl=0").ok();
    }

    Result counters = cli.run("read", "sys/internal/counters/tokens").ok();
    assertThat(counters.row("counters"))
        .isEqualTo("map[service_tokens:map[total:" + (before + 2) + "]]");
  }

  /** Role ID and secret ID as the lab gets them, through jq, into role_id.txt/secret_id.txt. */
  private void roleAndSecretIds(String role) throws Exception {
    // vault read -format=json auth/approle/role/ROLE/role-id | jq -r ".data.role_id" > role_id.txt
    JsonNode roleId = cli.run("read", "-format=json", "auth/approle/role/" + role + "/role-id")
        .ok().json();
    assertThat(roleId.at("/data/role_id").asText()).matches(UUID);
    Files.writeString(home.resolve("role_id.txt"), roleId.at("/data/role_id").asText() + "\n");
    // vault write -f -format=json auth/approle/role/ROLE/secret-id | jq -r ".data.secret_id"
    JsonNode secretId = cli.run("write", "-f", "-format=json",
        "auth/approle/role/" + role + "/secret-id").ok().json();
    assertThat(secretId.at("/data/secret_id").asText()).matches(UUID);
    assertThat(secretId.at("/data/secret_id_accessor").asText()).matches(UUID);
    assertThat(secretId.at("/data/secret_id_num_uses").isIntegralNumber()).isTrue();
    assertThat(secretId.at("/data/secret_id_ttl").isIntegralNumber()).isTrue();
    Files.writeString(home.resolve("secret_id.txt"), secretId.at("/data/secret_id").asText()
        + "\n");
  }

  /** vault write auth/approle/login role_id=$(cat role_id.txt) secret_id=$(cat secret_id.txt) */
  private Result appRoleLogin() throws Exception {
    return cli.run("write", "auth/approle/login",
        "role_id=" + Files.readString(home.resolve("role_id.txt")).strip(),
        "secret_id=" + Files.readString(home.resolve("secret_id.txt")).strip()).ok();
  }

  // "Apply token types": AppRole role jenkins gives periodic tokens
  @Test
  @Order(10)
  void appRolePeriodicTokens() throws Exception {
    assertThat(cli.run("auth", "enable", "approle").ok().out())
        .isEqualTo("Success! Enabled approle auth method at: approle/\n");
    assertThat(cli.run("write", "auth/approle/role/jenkins", "policies=jenkins", "period=24h")
        .ok().out()).isEqualTo("Success! Data written to: auth/approle/role/jenkins\n");
    roleAndSecretIds("jenkins");

    Result login = appRoleLogin();
    assertThat(login.out()).startsWith("Key                     Value\n"
        + "---                     -----\ntoken                   s.");
    String token = login.row("token");
    assertThat(token).matches(TOKEN);
    assertThat(login.row("token_accessor")).matches("[0-9A-Za-z]{24}");
    assertThat(login.row("token_duration")).isEqualTo("24h");
    assertThat(login.row("token_renewable")).isEqualTo("true");
    assertThat(login.row("token_policies")).isEqualTo("[\"default\" \"jenkins\"]");
    assertThat(login.row("identity_policies")).isEqualTo("[]");
    assertThat(login.row("policies")).isEqualTo("[\"default\" \"jenkins\"]");
    assertThat(login.row("token_meta_role_name")).isEqualTo("jenkins");

    Result lookup = cli.run("token", "lookup", token).ok();
    assertThat(lookup.row("orphan")).isEqualTo("true");
    assertThat(lookup.row("path")).isEqualTo("auth/approle/login");
    assertThat(lookup.row("period")).isEqualTo("24h");
    assertThat(lookup.row("policies")).isEqualTo("[default jenkins]");
    assertThat(lookup.row("renewable")).isEqualTo("true");
    assertThat(lookup.row("ttl")).matches("23h59m[0-9]+s|24h");
    assertThat(lookup.row("type")).isEqualTo("service");
    assertThat(lookup.row("display_name")).isEqualTo("approle");

    // vault token lookup -format=json <your-token> | jq -r .data.policies > token_policies.txt
    JsonNode json = cli.run("token", "lookup", "-format=json", token).ok().json();
    assertThat(json.at("/data/policies").toString()).isEqualTo("[\"default\",\"jenkins\"]");
  }

  // "Apply batch tokens": AppRole role shipping gives batch tokens of 20 minutes
  @Test
  @Order(12)
  void appRoleBatchTokens() throws Exception {
    cli.run("write", "auth/approle/role/shipping", "policies=shipping", "token_type=batch",
        "token_ttl=20m").ok();
    roleAndSecretIds("shipping");

    Result login = appRoleLogin();
    String token = login.row("token");
    assertThat(token).startsWith("b.");
    assertThat(login.row("token_accessor")).isEqualTo("n/a");
    assertThat(login.row("token_duration")).isEqualTo("20m");
    assertThat(login.row("token_renewable")).isEqualTo("false");
    assertThat(login.row("token_policies")).isEqualTo("[\"default\" \"shipping\"]");
    assertThat(login.row("identity_policies")).isEqualTo("[]");
    assertThat(login.row("policies")).isEqualTo("[\"default\" \"shipping\"]");
    assertThat(login.row("token_meta_role_name")).isEqualTo("shipping");

    Result lookup = cli.run("token", "lookup", token).ok();
    assertThat(lookup.row("accessor")).isEqualTo("n/a");
    assertThat(lookup.row("creation_ttl")).isEqualTo("20m");
    assertThat(lookup.row("display_name")).isEqualTo("approle");
    assertThat(lookup.row("explicit_max_ttl")).isEqualTo("0s");
    assertThat(lookup.row("id")).isEqualTo(token);
    assertThat(lookup.row("meta")).isEqualTo("map[role_name:shipping]");
    assertThat(lookup.row("num_uses")).isEqualTo("0");
    assertThat(lookup.row("orphan")).isEqualTo("true");
    assertThat(lookup.row("path")).isEqualTo("auth/approle/login");
    assertThat(lookup.row("policies")).isEqualTo("[default shipping]");
    assertThat(lookup.row("renewable")).isEqualTo("false");
    assertThat(lookup.row("ttl")).matches("19m[0-9]+s|20m");
    assertThat(lookup.row("type")).isEqualTo("batch");
  }
}
