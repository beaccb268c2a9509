package io.leasehold.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where to connect and which token to send, read once at the edge of a program from its
 * environment, so nothing deeper reads environment variables or files.
 *
 * <p>Precedence, highest first: explicit values; {@code LEASEHOLD_ADDR}/{@code LEASEHOLD_TOKEN};
 * {@code VAULT_ADDR}/{@code VAULT_TOKEN}; for the token, the file {@code ~/.leasehold-token}
 * written by {@code leasehold login}; for the address, {@link ServerAddress#DEFAULT}.
 *
 * @param address the server
 * @param token the caller's token; empty for none
 * @param tokenSource where the token came from, for messages (e.g. {@code LEASEHOLD_TOKEN})
 * @param deadline how long each call may take
 */
public record ClientConfig(ServerAddress address, String token, String tokenSource,
    Duration deadline) {
  /** The file {@code leasehold login} stores the token in, relative to the home directory. */
  public static final String TOKEN_FILE = ".leasehold-token";
  /** Each call's deadline unless LEASEHOLD_CLIENT_TIMEOUT says otherwise (Vault's 60 s). */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  public ClientConfig {
    token = token == null ? "" : token;
    tokenSource = tokenSource == null ? "" : tokenSource;
    if (deadline == null || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the deadline must be positive");
    }
  }

  /** A config for {@code address} and {@code token} with the default deadline. */
  public static ClientConfig of(ServerAddress address, String token) {
    return new ClientConfig(address, token, "", DEFAULT_DEADLINE);
  }

  /**
   * Reads the configuration from {@code env} (e.g. {@code System.getenv()}) and the token file
   * under {@code home}.
   *
   * @throws IllegalArgumentException for an unparsable address or timeout
   * @throws IOException when the token file exists but cannot be read
   */
  public static ClientConfig fromEnvironment(Map<String, String> env, Path home)
      throws IOException {
    ServerAddress address = first(env, "LEASEHOLD_ADDR", "VAULT_ADDR")
        .map(ServerAddress::parse).orElse(ServerAddress.DEFAULT);
    Duration deadline = first(env, "LEASEHOLD_CLIENT_TIMEOUT", "VAULT_CLIENT_TIMEOUT")
        .map(ClientConfig::timeout).orElse(DEFAULT_DEADLINE);
    for (String name : new String[] {"LEASEHOLD_TOKEN", "VAULT_TOKEN"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return new ClientConfig(address, value.trim(), name, deadline);
      }
    }
    Optional<String> stored = readTokenFile(home);
    return new ClientConfig(address, stored.orElse(""),
        stored.isPresent() ? "~/" + TOKEN_FILE : "", deadline);
  }

  /** The token stored by {@code leasehold login} under {@code home}, if any. */
  public static Optional<String> readTokenFile(Path home) throws IOException {
    if (home == null) {
      return Optional.empty();
    }
    try {
      String token = Files.readString(home.resolve(TOKEN_FILE), StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** This config with another token (e.g. the one {@code login} checks). */
  public ClientConfig withToken(String newToken, String source) {
    return new ClientConfig(address, newToken, source, deadline);
  }

  /** This config with another address (e.g. from {@code -address}). */
  public ClientConfig withAddress(ServerAddress newAddress) {
    return new ClientConfig(newAddress, token, tokenSource, deadline);
  }

  private static Optional<String> first(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.empty();
  }

  /** Integer seconds or a Go duration such as {@code 30s}. */
  private static Duration timeout(String text) {
    try {
      return Duration.ofSeconds(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return GoDurations.parse(text);
    }
  }

  @Override
  public String toString() {
    return "ClientConfig[address=" + address + ", token=" + (token.isEmpty() ? "none" : "<redacted>")
        + ", tokenSource=" + tokenSource + ", deadline=" + deadline + "]";
  }
}
