package io.leasehold.client.renewal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A secret-ish value an auth method sends at login (a role ID, a secret ID): a fixed string, or
 * the contents of a file read at every login so a rotated file is picked up.
 *
 * <p>A file's contents are trimmed. A file may be removed after reading (the secret ID is then
 * on disk only until the first login); the value read last is kept in memory, so a file that
 * later is missing or empty falls back to it, as Vault Agent does.
 */
public final class Credential {
  private final String name;
  private final String fixed;
  private final Path file;
  private final boolean removeAfterReading;
  private String cached;

  private Credential(String name, String fixed, Path file, boolean removeAfterReading) {
    this.name = name;
    this.fixed = fixed;
    this.file = file;
    this.removeAfterReading = removeAfterReading;
  }

  /** A fixed value; {@code name} (e.g. {@code secret_id}) is what messages call it. */
  public static Credential of(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    return new Credential(name, value.strip(), null, false);
  }

  /** A value read from {@code file} at every {@link #read}, removed afterwards if asked. */
  public static Credential fromFile(String name, Path file, boolean removeAfterReading) {
    return new Credential(name, null, Objects.requireNonNull(file, "file"), removeAfterReading);
  }

  /** The file this value comes from, or null for a fixed value. */
  public Path file() {
    return file;
  }

  /** What messages call this value, e.g. {@code role_id}. */
  public String name() {
    return name;
  }

  /**
   * The current value.
   *
   * @throws IOException when the file cannot be read and no earlier value is known, or is empty
   *     and no earlier value is known; the message names the file, never its contents
   */
  public synchronized String read() throws IOException {
    if (fixed != null) {
      return fixed;
    }
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      value = "";
      if (cached == null) {
        throw new IOException(name + " file " + file + " does not exist", e);
      }
    }
    if (value.isEmpty()) {
      if (cached == null) {
        throw new IOException(name + " file " + file + " is empty");
      }
      return cached;
    }
    cached = value;
    if (removeAfterReading) {
      Files.deleteIfExists(file);
    }
    return value;
  }
}
