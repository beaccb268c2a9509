package io.leasehold.client.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
  @TempDir Path dir;

  @Test
  void write_storesTheBareToken_withTheModeGiven_andNoTemporaryFilesLeft() throws Exception {
    FileSink sink = new FileSink(dir.resolve("token"), FileSink.parseMode("0640"));

    sink.write("hvs.first");

    assertThat(Files.readString(dir.resolve("token"))).isEqualTo("hvs.first");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token"))))
        .isEqualTo("rw-r-----");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("token"));
    }
  }

  @Test
  void mode_isAppliedAtEveryWrite_notOnlyWhenTheFileIsCreated() throws Exception {
    Path token = dir.resolve("token");
    new FileSink(token, FileSink.parseMode("0600")).write("hvs.a");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-rw-rw-"));

    new FileSink(token, FileSink.parseMode("0440")).write("hvs.b");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("r--r-----");
    assertThat(Files.readString(token)).isEqualTo("hvs.b");
  }

  @Test
  void aReader_neverSeesAnEmptyOrPartialFile_whileTokensAreReplaced() throws Exception {
    Path token = dir.resolve("token");
    FileSink sink = new FileSink(token, FileSink.parseMode("0600"));
    sink.write(tokenNumber(0));
    AtomicBoolean stop = new AtomicBoolean();
    List<String> bad = new ArrayList<>();
    int[] reads = {0};
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        try {
          String seen = Files.readString(token);
          reads[0]++;
          if (!isWholeToken(seen)) {
            bad.add(seen);
          }
        } catch (NoSuchFileException e) {
          bad.add("<missing>");
        } catch (IOException e) {
          bad.add(e.toString());
        }
      }
    });
    reader.start();
    for (int i = 1; i <= 500; i++) {
      sink.write(tokenNumber(i));
    }
    stop.set(true);
    reader.join(10_000);

    assertThat(bad).isEmpty();
    assertThat(reads[0]).isPositive();
    assertThat(Files.readString(token)).isEqualTo(tokenNumber(500));
  }

  /** Tokens of different lengths, each saying how long it is, so a torn read is detectable. */
  private static String tokenNumber(int i) {
    String body = "hvs." + i + "." + "x".repeat(i % 97 * 40);
    return body.length() + ":" + body;
  }

  private static boolean isWholeToken(String seen) {
    int colon = seen.indexOf(':');
    return colon > 0 && Integer.parseInt(seen.substring(0, colon)) == seen.length() - colon - 1;
  }

  @Test
  void check_refusesAMissingDirectory_andADirectoryAsThePath() throws Exception {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> new FileSink(missing.resolve("token"), FileSink.parseMode("0640"))
        .check()).isInstanceOf(IOException.class)
        .hasMessage("sink directory " + missing + " does not exist");

    Files.createDirectory(dir.resolve("sub"));
    assertThatThrownBy(() -> new FileSink(dir.resolve("sub"), FileSink.parseMode("0640")).check())
        .hasMessage("sink path " + dir.resolve("sub") + " is a directory");

    new FileSink(dir.resolve("token"), FileSink.parseMode("0640")).check();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("sub")); // the probe is gone
    }
  }

  @Test
  void check_refusesADirectoryNobodyCanWrite() {
    // Tests may run as root, for whom permission bits mean nothing; /proc refuses even root.
    Path proc = Path.of("/proc/self");
    assumeTrue(Files.isDirectory(proc));
    assertThatThrownBy(() -> new FileSink(proc.resolve("token"), FileSink.parseMode("0640"))
        .check()).isInstanceOf(IOException.class)
        .hasMessageStartingWith("sink directory /proc/self is not writable: ");
  }

  @Test
  void failedWrite_leavesTheOldTokenInPlace() throws Exception {
    Path token = dir.resolve("token");
    FileSink sink = new FileSink(token, FileSink.parseMode("0640"));
    sink.write("hvs.old");
    // A directory where the temporary file's rename must land makes the move fail.
    Path blocked = dir.resolve("blocked");
    Files.createDirectory(blocked);
    Files.writeString(blocked.resolve("keep"), "x");
    FileSink broken = new FileSink(blocked, FileSink.parseMode("0640"));

    assertThatThrownBy(() -> broken.write("hvs.new")).isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hvs.new"));
    assertThat(Files.readString(token)).isEqualTo("hvs.old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(token, blocked); // no temporary file left
    }
  }

  @Test
  void parseMode_acceptsOctalStrings_only() {
    assertThat(PosixFilePermissions.toString(FileSink.parseMode("0640"))).isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(FileSink.parseMode("600"))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(FileSink.parseMode("0777"))).isEqualTo("rwxrwxrwx");
    for (String bad : new String[] {"", "640 ", "8", "0648", "01777", "rw-r-----", "0x1a0"}) {
      assertThatThrownBy(() -> FileSink.parseMode(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not an octal file mode");
    }
  }
}
