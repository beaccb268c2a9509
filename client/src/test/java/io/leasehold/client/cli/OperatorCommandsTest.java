package io.leasehold.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.client.FakeLeasehold;
import io.leasehold.client.cli.CliRunner.Result;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code operator init|unseal|seal|generate-root|rotate} and {@code status} against a fake seal. */
class OperatorCommandsTest {
  @TempDir
  Path home;

  private final Map<String, String> env = new HashMap<>();
  private final FakeSeal seal = new FakeSeal();
  private FakeLeasehold fake;
  private String stdin = "";

  @BeforeEach
  void start() throws Exception {
    fake = new FakeLeasehold(seal);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Result run(String... args) {
    return CliRunner.run(env, home, stdin, fake.channel(), args);
  }

  private List<String> methods() {
    return fake.calls().stream().map(FakeLeasehold.Call::method).toList();
  }

  private void initAndUnseal() {
    assertThat(run("operator", "init", "-key-shares=5", "-key-threshold=3").exitCode()).isZero();
    for (String key : List.of("key-1", "key-2", "key-3")) {
      assertThat(run("operator", "unseal", key).exitCode()).isZero();
    }
    assertThat(seal.sealed).isFalse();
  }

  @Test
  void init_table_keysRootTokenAndVaultsParagraphs() {
    Result r = run("operator", "init");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(seal.inits.get(0).getSecretShares()).isEqualTo(5);
    assertThat(seal.inits.get(0).getSecretThreshold()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("""
        Unseal Key 1: key-1
        Unseal Key 2: key-2
        Unseal Key 3: key-3
        Unseal Key 4: key-4
        Unseal Key 5: key-5

        Initial Root Token: s.initialroot00000000000000

        Leasehold initialized with 5 key shares and a key threshold of 3. Please
        securely distribute the key shares printed above. When Leasehold is re-sealed,
        restarted, or stopped, you must supply at least 3 of these keys to unseal it
        before it can start servicing requests.

        Leasehold does not store the generated root key. Without at least 3 keys to
        reconstruct the root key, Leasehold will remain permanently sealed!
        """);
    assertThat(r.out().lines()).allMatch(line -> line.length() <= 78);
    assertThat(r.err()).isEmpty();
    assertThat(fake.calls().get(0).token()).as("init needs no token").isNull();
  }

  @Test
  void init_json_vaultsFieldNames() {
    Result r = run("operator", "init", "-key-shares=2", "-key-threshold=2", "-format=json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "unseal_keys_b64": [
            "key-1",
            "key-2"
          ],
          "unseal_keys_hex": [
            "hex-1",
            "hex-2"
          ],
          "unseal_shares": 2,
          "unseal_threshold": 2,
          "recovery_keys_b64": [],
          "recovery_keys_hex": [],
          "recovery_keys_shares": 0,
          "recovery_keys_threshold": 0,
          "root_token": "s.initialroot00000000000000"
        }
        """);
  }

  @Test
  void init_aliasesAndField() {
    Result r = run("operator", "init", "-n", "1", "-t", "1", "-field=root_token");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(FakeSeal.ROOT);
    assertThat(seal.shares).isEqualTo(1);
    assertThat(seal.threshold).isEqualTo(1);
  }

  @Test
  void init_refusedByTheServer_vaultsErrorShape_exit2() {
    Result r = run("operator", "init", "-key-shares=2", "-key-threshold=3");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error initializing: Error making API request.\n\n"
        + "RPC: leasehold.v1.SysService/Init at 127.0.0.1:8200\n"
        + "Code: 400. Errors:\n\n"
        + "* invalid seal configuration: threshold cannot be larger than shares\n");

    run("operator", "init");
    Result again = run("operator", "init");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("* server is already initialized");
  }

  @Test
  void init_badFlagValues_exit1_noCall() {
    for (String[] args : new String[][] {
        {"operator", "init", "-key-shares=five"},
        {"operator", "init", "-key-threshold="},
        {"operator", "init", "extra"},
        {"operator", "init", "-pgp-keys=a,b"}}) {
      Result r = run(args);
      assertThat(r.exitCode()).as("%s: %s", List.of(args), r.err()).isEqualTo(1);
      assertThat(r.err()).isNotBlank();
    }
    assertThat(fake.calls()).isEmpty();
    assertThat(run("operator", "init", "-key-shares=five").err())
        .contains("Invalid value for option '-key-shares'");
  }

  @Test
  void initStatus_exit2Before_exit0After() {
    Result before = run("operator", "init", "-status");
    assertThat(before.exitCode()).isEqualTo(2);
    assertThat(before.out()).isEqualTo("Leasehold is not initialized\n");
    run("operator", "init");
    Result after = run("operator", "init", "-status");
    assertThat(after.exitCode()).isZero();
    assertThat(after.out()).isEqualTo("Leasehold is initialized\n");
    assertThat(run("operator", "init", "-status", "-format=json").out())
        .isEqualTo("{\n  \"initialized\": true\n}\n");
  }

  @Test
  void unseal_tableAfterEachKey_thenUnsealed() {
    run("operator", "init");
    Result first = run("operator", "unseal", "key-1");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("""
        Key                Value
        ---                -----
        Seal Type          shamir
        Initialized        true
        Sealed             true
        Total Shares       5
        Threshold          3
        Unseal Progress    1/3
        Unseal Nonce       unseal-nonce
        Version            0.1.0
        Storage Type       rocksdb
        HA Enabled         false
        """);
    assertThat(run("operator", "unseal", "hex-2").out()).contains("Unseal Progress    2/3\n");
    Result last = run("operator", "unseal", "key-3");
    assertThat(last.exitCode()).isZero();
    assertThat(last.out()).isEqualTo("""
        Key             Value
        ---             -----
        Seal Type       shamir
        Initialized     true
        Sealed          false
        Total Shares    5
        Threshold       3
        Version         0.1.0
        Storage Type    rocksdb
        Cluster Name    fake-cluster
        Cluster ID      cid-1
        HA Enabled      false
        """);
    assertThat(fake.calls()).allMatch(c -> c.token() == null);
  }

  @Test
  void unseal_keyFromStdin_whenNoArgumentOrDash() {
    run("operator", "init");
    stdin = "key-1\n";
    assertThat(run("operator", "unseal").out()).contains("Unseal Progress    1/3");
    stdin = "  key-2  \n";
    assertThat(run("operator", "unseal", "-").out()).contains("Unseal Progress    2/3");
    assertThat(run("operator", "unseal", "-format=json", "-").out())
        .contains("\"progress\": 2").contains("\"sealed\": true");
  }

  @Test
  void unseal_noKeyOnStdin_exit1_noUnsealCall() {
    Result r = run("operator", "unseal");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("Error unsealing: no unseal key given\n");
    assertThat(methods()).isEmpty();
  }

  @Test
  void unseal_reset_forgetsProgress() {
    run("operator", "init");
    run("operator", "unseal", "key-1");
    Result r = run("operator", "unseal", "-reset");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Unseal Progress    0/3\n").contains("Unseal Nonce       n/a\n");
  }

  @Test
  void unseal_badKey_vaultsErrorShape_exit2() {
    run("operator", "init");
    Result r = run("operator", "unseal", "nope");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("Error unsealing: Error making API request.")
        .endsWith("Code: 400. Errors:\n\n* Unseal failed, invalid key\n");
  }

  @Test
  void status_exit2Sealed_0Unsealed_1Unreachable() {
    run("operator", "init");
    Result sealed = run("status");
    assertThat(sealed.exitCode()).isEqualTo(2);
    assertThat(sealed.out()).contains("Sealed             true\n")
        .contains("Unseal Progress    0/3\n").contains("Unseal Nonce       n/a\n")
        .doesNotContain("Cluster");
    assertThat(run("status", "-format=json").out()).contains("\"sealed\": true")
        .doesNotContain("cluster_name");
    for (String key : List.of("key-1", "key-2", "key-3")) {
      run("operator", "unseal", key);
    }
    Result unsealed = run("status");
    assertThat(unsealed.exitCode()).isZero();
    assertThat(unsealed.out()).contains("Cluster Name    fake-cluster\n")
        .doesNotContain("Unseal Progress");
    assertThat(run("status", "-format=json").out()).contains("\"cluster_id\": \"cid-1\"");
  }

  @Test
  void seal_sendsTheToken_vaultsSuccessLine() {
    initAndUnseal();
    env.put("LEASEHOLD_TOKEN", FakeSeal.ROOT);
    Result r = run("operator", "seal");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Success! Leasehold is sealed.\n");
    assertThat(seal.sealed).isTrue();
    assertThat(fake.calls().get(fake.calls().size() - 1))
        .extracting(FakeLeasehold.Call::method, FakeLeasehold.Call::token)
        .containsExactly("Seal", FakeSeal.ROOT);
    assertThat(run("status").exitCode()).isEqualTo(2);
  }

  @Test
  void rotate_vaultsOutput() {
    Result r = run("operator", "rotate");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Success! Rotated key\n\nKey Term    2\n");
    assertThat(run("operator", "rotate", "-format=json").out()).isEqualTo("{\n  \"term\": 3\n}\n");
  }

  @Test
  void generateRoot_initThreeKeysDecode() {
    initAndUnseal();
    Result init = run("operator", "generate-root", "-init");
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).isEqualTo("""
        Nonce         root-nonce
        Started       true
        Progress      0/3
        Complete      false
        OTP           otp0123456789abcdefghijklmn
        OTP Length    27
        """);
    assertThat(init.err()).isEqualTo("""
        A One-Time-Password has been generated for you and is shown in the OTP field.
        You will need this value to decode the resulting root token, so keep it safe.

        """);

    Result one = run("operator", "generate-root", "-nonce=root-nonce", "key-1");
    assertThat(row(one.out(), "Progress")).isEqualTo("1/3");
    assertThat(one.out()).doesNotContain("Encoded");
    stdin = "key-2\n";
    assertThat(row(run("operator", "generate-root").out(), "Progress"))
        .as("prompted: the nonce comes from the status").isEqualTo("2/3");
    Result last = run("operator", "generate-root", "-nonce=root-nonce", "key-3");
    assertThat(last.exitCode()).as(last.err()).isZero();
    assertThat(row(last.out(), "Complete")).isEqualTo("true");
    String encoded = row(last.out(), "Encoded Token");

    Result decoded = run("operator", "generate-root", "-decode=" + encoded,
        "-otp=" + FakeSeal.OTP);
    assertThat(decoded.exitCode()).as(decoded.err()).isZero();
    assertThat(decoded.out()).isEqualTo(FakeSeal.NEW_ROOT);
    assertThat(run("operator", "generate-root", "-format=json", "-decode=" + encoded,
        "-otp=" + FakeSeal.OTP).out())
        .isEqualTo("{\n  \"token\": \"" + FakeSeal.NEW_ROOT + "\"\n}\n");
    stdin = encoded + "\n";
    assertThat(run("operator", "generate-root", "-decode=-", "-otp=" + FakeSeal.OTP).out())
        .isEqualTo(FakeSeal.NEW_ROOT);
  }

  @Test
  void generateRoot_json_statusAndCancel() {
    initAndUnseal();
    run("operator", "generate-root", "-init");
    Result status = run("operator", "generate-root", "-status", "-format=json");
    assertThat(status.out()).isEqualTo("""
        {
          "nonce": "root-nonce",
          "started": true,
          "progress": 0,
          "required": 3,
          "complete": false,
          "encoded_token": "",
          "encoded_root_token": "",
          "pgp_fingerprint": "",
          "otp": "",
          "otp_length": 27
        }
        """);
    Result cancel = run("operator", "generate-root", "-cancel");
    assertThat(cancel.out())
        .isEqualTo("Success! Root token generation canceled (if it was started)\n");
    assertThat(run("operator", "generate-root", "-status").out())
        .contains("Started       false\n").contains("Nonce         n/a\n");
  }

  @Test
  void generateRoot_mistakes_exit1_vaultsWords() {
    initAndUnseal();
    Result notStarted = run("operator", "generate-root", "-nonce=x", "key-1");
    assertThat(notStarted.exitCode()).isEqualTo(1);
    assertThat(notStarted.err()).isEqualTo("No root generation is in progress. Start a root"
        + " generation by running\n\"leasehold operator generate-root -init\".\n");

    run("operator", "generate-root", "-init");
    Result noNonce = run("operator", "generate-root", "key-1");
    assertThat(noNonce.exitCode()).isEqualTo(1);
    assertThat(noNonce.err()).isEqualTo("Missing nonce value: specify it via the -nonce flag\n");

    Result wrongNonce = run("operator", "generate-root", "-nonce=other", "key-1");
    assertThat(wrongNonce.exitCode()).isEqualTo(2);
    assertThat(wrongNonce.err()).startsWith("Error posting unseal key: Error making API request.")
        .contains("* incorrect nonce supplied; nonce for this root generation operation is"
            + " \"root-nonce\"");

    assertThat(run("operator", "generate-root", "-init", "-cancel").err())
        .isEqualTo("Only one of -init, -cancel, -status and -decode may be given\n");
    assertThat(run("operator", "generate-root", "-status", "key-1").exitCode()).isEqualTo(1);
    assertThat(run("operator", "generate-root", "-init", "-otp=x").err())
        .startsWith("Error initializing root generation: -otp is used only with -decode");
    assertThat(run("operator", "generate-root", "-decode=abc").err())
        .isEqualTo("Error decoding root token: missing one-time password: use -otp to supply"
            + " it\n");
    Result badLength = run("operator", "generate-root", "-decode=YWJj", "-otp=xy");
    assertThat(badLength.exitCode()).isEqualTo(1);
    assertThat(badLength.err()).startsWith("Error decoding root token: the one-time pad is 2"
        + " bytes long but the token is 3");
  }

  @Test
  void help_listsTheOperatorCommands() {
    Result group = run("operator");
    assertThat(group.exitCode()).isEqualTo(1);
    assertThat(group.err()).contains("init").contains("unseal").contains("seal")
        .contains("generate-root").contains("rotate");
    assertThat(run("operator", "unseal", "-h").out()).contains("-reset")
        .contains("Unseal Key (will be hidden):");
    assertThat(run("-h").out()).contains("  operator ");
  }

  /** The value in the row {@code key} of a two-column table. */
  private static String row(String table, String key) {
    for (String line : table.split("\n")) {
      if (line.startsWith(key + " ")) {
        return line.substring(key.length()).strip();
      }
    }
    throw new AssertionError("no row '" + key + "' in:\n" + table);
  }
}
