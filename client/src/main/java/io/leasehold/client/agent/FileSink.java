package io.leasehold.client.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the token to a file so that a reader only ever sees a whole token: the old one or the
 * new one, never an empty or partial file.
 *
 * <p>Each write goes to a new temporary file in the same directory (so the rename stays on one
 * file system), gets the configured mode explicitly (not left to the umask, and on every write,
 * not only at creation), is flushed to disk, and is renamed over the target atomically; the
 * directory is then flushed so the rename survives a crash. The file holds the bare token, with
 * no trailing newline.
 */
public final class FileSink {
  private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");

  private final Path path;
  private final Path dir;
  private final Set<PosixFilePermission> mode;

  /** A sink writing {@code path} with permissions {@code mode}. */
  public FileSink(Path path, Set<PosixFilePermission> mode) {
    this.path = path.toAbsolutePath();
    this.dir = this.path.getParent();
    this.mode = Set.copyOf(Objects.requireNonNull(mode, "mode"));
  }

  /** The file written. */
  public Path path() {
    return path;
  }

  /**
   * Permissions from an octal string such as {@code "0640"} or {@code "600"}: read, write and
   * execute bits only (no setuid, setgid or sticky bit, which a token file never needs).
   *
   * @throws IllegalArgumentException naming the text when it is not such a mode
   */
  public static Set<PosixFilePermission> parseMode(String octal) {
    if (!OCTAL_MODE.matcher(octal).matches()) {
      throw new IllegalArgumentException("mode \"" + ConfigBody.shorten(octal)
          + "\" is not an octal file mode such as \"0640\"");
    }
    int bits = Integer.parseInt(octal, 8);
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_EXECUTE,
    };
    for (int i = 0; i < order.length; i++) {
      if ((bits & (1 << (8 - i))) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }

  /**
   * Checks at start-up that the sink can be written: the directory exists, and a file can be
   * created in it and removed again.
   *
   * @throws IOException saying which directory and why
   */
  public void check() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("sink directory " + dir + " does not exist");
    }
    if (Files.isDirectory(path)) {
      throw new IOException("sink path " + path + " is a directory");
    }
    Path probe;
    try {
      probe = Files.createTempFile(dir, "." + path.getFileName() + ".check.", "");
    } catch (IOException e) {
      throw new IOException("sink directory " + dir + " is not writable: " + e.getMessage(), e);
    }
    Files.deleteIfExists(probe);
  }

  /**
   * Replaces the file's contents with {@code token}, atomically.
   *
   * @throws IOException naming the file (never the token); the old file is then left as it was
   */
  public void write(String token) throws IOException {
    Path temp = Files.createTempFile(dir, "." + path.getFileName() + ".tmp.", "",
        PosixFilePermissions.asFileAttribute(Set.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      // Explicitly, so the umask cannot narrow it and a mode changed in the config applies.
      Files.setPosixFilePermissions(temp, mode);
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + path + " atomically: " + e.getMessage(), e);
      }
      moved = true;
      syncDirectory();
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Flushes the directory entry of the rename; not every platform can open a directory. */
  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the token is in place either way; only its durability across a power
      // loss depends on this, and the agent writes a fresh token after a restart.
    }
  }
}
