package io.leasehold.client.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialTest {
  @TempDir Path dir;

  @Test
  void file_readTrimmedAtEveryRead_soARotatedValueIsPickedUp() throws Exception {
    Path file = Files.writeString(dir.resolve("role_id"), "  role-1\n");
    Credential roleId = Credential.fromFile("role_id", file, false);

    assertThat(roleId.read()).isEqualTo("role-1");
    Files.writeString(file, "role-2\n");
    assertThat(roleId.read()).isEqualTo("role-2");
    assertThat(file).exists();
  }

  @Test
  void removeAfterReading_deletesTheFile_andKeepsTheValueForLaterLogins() throws Exception {
    Path file = Files.writeString(dir.resolve("secret_id"), "s3cr3t\n");
    Credential secretId = Credential.fromFile("secret_id", file, true);

    assertThat(secretId.read()).isEqualTo("s3cr3t");
    assertThat(file).doesNotExist();
    assertThat(secretId.read()).isEqualTo("s3cr3t"); // cached: the file is gone

    Files.writeString(file, "");
    assertThat(secretId.read()).isEqualTo("s3cr3t"); // an empty file does not wipe it either
    Files.writeString(file, "n3w\n");
    assertThat(secretId.read()).isEqualTo("n3w");
  }

  @Test
  void missingOrEmptyFile_withNothingCached_failsNamingTheFileNotTheContents() throws Exception {
    Credential missing = Credential.fromFile("role_id", dir.resolve("nope"), false);
    assertThatThrownBy(missing::read).isInstanceOf(IOException.class)
        .hasMessage("role_id file " + dir.resolve("nope") + " does not exist");

    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    assertThatThrownBy(Credential.fromFile("secret_id", empty, true)::read)
        .hasMessage("secret_id file " + empty + " is empty");
    assertThat(empty).exists(); // nothing was read, so nothing is removed
  }

  @Test
  void appRole_sendsBothValues_orOnlyTheRoleIdWhenNoSecretIsBound() throws Exception {
    List<String> sent = new ArrayList<>();
    AppRoleLogin fake = (role, secret) -> {
      sent.add(role + "/" + secret);
      return new Login("hvs.t", TokenLease.of(java.time.Duration.ofHours(1), true), true);
    };
    new AppRoleAuth(Credential.of("role_id", "r"), Credential.of("secret_id", " s "), fake).login();
    new AppRoleAuth(Credential.of("role_id", "r"), null, fake).login();

    assertThat(sent).containsExactly("r/s", "r/null");
    assertThat(new Login("hvs.t", TokenLease.of(java.time.Duration.ZERO, false), false).toString())
        .doesNotContain("hvs.t");
  }
}
