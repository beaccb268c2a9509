package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.it.CliProcess.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The older "Tokens and Leases" guide (seed 003) with its Vault 0.x spellings ({@code
 * token-create}, {@code token-lookup}, {@code token-renew}, {@code token-revoke -prefix}, {@code
 * auth -methods}) and its AppRole role with a period, each a real {@code ./leasehold} process
 * against a real dev server process.
 * Its {@code vault mounts} and {@code sys/mounts/database/tune} steps need secrets engines, which
 * Leasehold does not have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedCliLegacyGuideTest {
  private DevServerProcess server;
  private CliProcess cli;

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    server = DevServerProcess.start(home);
    cli = new CliProcess(server.address(), home).env("LEASEHOLD_TOKEN", server.rootToken());
  }

  @AfterAll
  void stop() {
    System.out.println("SeedCliLegacyGuideTest: " + (cli == null ? "" : cli.timing()));
    if (server != null) {
      server.close();
    }
  }

  // Step 4's "Periodic Tokens with AppRole":
  //   vault write auth/approle/role/jenkins policies="dev-pol,devops-pol" period="72h"
  // then Step 1's vault auth -methods, which lists approle/ above token/ as the guide shows.
  @Test
  void appRolePeriodicRole_thenAuthMethods() {
    cli.run("auth", "enable", "approle").ok();
    cli.run("write", "auth/approle/role/jenkins", "policies=dev-pol,devops-pol", "period=72h")
        .ok();
    Result role = cli.run("read", "auth/approle/role/jenkins").ok();
    assertThat(role.row("policies")).isEqualTo("[dev-pol devops-pol]");
    assertThat(role.row("token_policies")).isEqualTo("[dev-pol devops-pol]");
    assertThat(role.row("period")).isEqualTo("72h");
    assertThat(role.row("token_period")).isEqualTo("72h");
    assertThat(role.row("bind_secret_id")).isEqualTo("true");

    Result r = cli.run("auth", "-methods").ok();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).isEqualTo("Path        Type       Accessor                 Description");
    assertThat(lines[1]).isEqualTo("----        ----       --------                 -----------");
    assertThat(lines[2]).matches("approle/    approle    auth_approle_[0-9a-f]{8}    n/a");
    assertThat(lines[3]).matches("token/      token      auth_token_[0-9a-f]{8}      token based"
        + " credentials");
  }

  // Step 2: vault token-create -ttl=30s; token-lookup as it; token-renew with an increment
  @Test
  void shortLivedToken_lookupAndRenew() {
    Result created = cli.run("token-create", "-ttl=30s").ok();
    assertThat(created.row("token_duration")).isEqualTo("30s");
    assertThat(created.row("token_renewable")).isEqualTo("true");
    assertThat(created.row("token_policies")).isEqualTo("[\"root\"]");
    String token = created.row("token");

    cli.env("LEASEHOLD_TOKEN", token);
    Result lookup;
    try {
      lookup = cli.run("token-lookup").ok();
    } finally {
      cli.env("LEASEHOLD_TOKEN", server.rootToken());
    }
    assertThat(lookup.row("creation_ttl")).isEqualTo("30s");
    assertThat(lookup.row("id")).isEqualTo(token);
    assertThat(lookup.row("path")).isEqualTo("auth/token/create");
    assertThat(lookup.row("policies")).isEqualTo("[root]");
    assertThat(lookup.row("renewable")).isEqualTo("true");

    // "The extension value can be an integer number of seconds (e.g. 3600) or ... "1h""
    assertThat(cli.run("token-renew", token, "3600").ok().row("token_duration")).isEqualTo("1h");
    assertThat(cli.run("token-renew", token, "2h").ok().row("token_duration")).isEqualTo("2h");
  }

  // Step 4: vault write auth/token/roles/zabbix ...; token-create -role=zabbix; read the role
  @Test
  void periodicTokenRole() {
    cli.run("write", "auth/token/roles/zabbix", "allowed_policies=zabbix-pol, default",
        "period=24h").ok();
    Result created = cli.run("token-create", "-role=zabbix").ok();
    assertThat(created.row("token_duration")).isEqualTo("24h");
    assertThat(created.row("token_policies")).isEqualTo("[\"default\" \"zabbix-pol\"]");

    Result role = cli.run("read", "auth/token/roles/zabbix").ok();
    assertThat(role.row("allowed_policies")).isEqualTo("[default zabbix-pol]");
    assertThat(role.row("disallowed_policies")).isEqualTo("[]");
    assertThat(role.row("explicit_max_ttl")).isEqualTo("0s");
    assertThat(role.row("name")).isEqualTo("zabbix");
    assertThat(role.row("orphan")).isEqualTo("false");
    assertThat(role.row("path_suffix")).isEqualTo("n/a");
    assertThat(role.row("period")).isEqualTo("24h");
    assertThat(role.row("renewable")).isEqualTo("true");
  }

  // The guides set VAULT_ADDR (http://...) and VAULT_TOKEN; they work without any LEASEHOLD_*.
  @Test
  void vaultVariablesAlone() {
    cli.env("LEASEHOLD_ADDR", null).env("LEASEHOLD_TOKEN", null)
        .env("VAULT_ADDR", "http://" + server.address()).env("VAULT_TOKEN", server.rootToken());
    try {
      Result r = cli.run("token", "lookup").ok();
      assertThat(r.row("id")).isEqualTo(server.rootToken());
      assertThat(r.row("policies")).isEqualTo("[root]");
    } finally {
      cli.env("VAULT_ADDR", null).env("VAULT_TOKEN", null).env("LEASEHOLD_ADDR", server.address())
          .env("LEASEHOLD_TOKEN", server.rootToken());
    }
  }

  // Steps 5 and 6: token-create -orphan; token-revoke TOKEN; token-revoke -prefix auth/token/create
  @Test
  void orphanAndRevocations() {
    String orphan = cli.run("token-create", "-orphan", "-field=token").ok().out();
    String child = cli.run("token-create", "-policy=default", "-field=token").ok().out();
    assertThat(cli.run("token-lookup", orphan).ok().row("orphan")).isEqualTo("true");

    assertThat(cli.run("token-revoke", orphan).ok().out())
        .isEqualTo("Success! Revoked token (if it existed)\n");
    cli.run("token-lookup", orphan).exit(2);

    cli.run("token-revoke", "-prefix", "auth/token/create").ok();
    Result gone = cli.run("token-lookup", child).exit(2);
    assertThat(gone.err()).contains("Code: 403. Errors:\n\n* bad token");
  }
}
