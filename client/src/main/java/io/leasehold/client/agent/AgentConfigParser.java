package io.leasehold.client.agent;

import io.leasehold.hcl.HclAttribute;
import io.leasehold.hcl.HclBlock;
import io.leasehold.hcl.HclParseException;
import io.leasehold.hcl.HclParser;
import io.leasehold.hcl.HclValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the agent's configuration, in Vault Agent's shape, with the strict HCL parser:
 *
 * <pre>
 * exit_after_auth    = false           # exit 0 once the first token is written
 * revoke_on_shutdown = false           # revoke the token when stopped (best effort)
 * vault { address = "127.0.0.1:8200" } # LEASEHOLD_ADDR overrides it
 * auto_auth {
 *   method "approle" {                 # or: method { type = "approle" ... }
 *     mount_path  = "auth/approle"     # the only mount there is
 *     min_backoff = "1s"               # login retry delays
 *     max_backoff = "5m"
 *     exit_on_err = false              # exit at the first failed login
 *     config {                         # or: config = { ... }
 *       role_id_file_path                   = "/etc/app/role_id"   # required
 *       secret_id_file_path                 = "/etc/app/secret_id" # optional
 *       remove_secret_id_file_after_reading = true                 # default true
 *     }
 *   }
 *   sink "file" {                      # one or more
 *     config { path = "/run/app/token", mode = "0640" }  # mode: an octal string
 *   }
 * }
 * </pre>
 *
 * <p>Anything else (an unknown or misspelt key, a wrong type, a bad duration or mode, a second
 * method) fails with {@code file:line:column} and what is wrong. Relative paths are resolved
 * against the configuration file's directory.
 */
public final class AgentConfigParser {
  static final String DEFAULT_MODE = "0640";

  private AgentConfigParser() {}

  /** Reads and checks {@code file}. */
  public static AgentConfig parse(Path file) throws AgentConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AgentConfigException(file.toString(), null, "cannot read the file: " + e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(file.toString(), text, base);
  }

  /** Reads and checks {@code text}, naming {@code file} in messages. */
  static AgentConfig parse(String file, String text, Path base) throws AgentConfigException {
    ConfigBody top;
    try {
      top = new ConfigBody(file, "", HclParser.parse(text), new io.leasehold.hcl.Position(1, 1));
    } catch (HclParseException e) {
      throw new AgentConfigException(file, e.position(), problemOf(e));
    }
    boolean exitAfterAuth = top.bool("exit_after_auth", false);
    boolean revokeOnShutdown = top.bool("revoke_on_shutdown", false);
    String address = null;
    ConfigBody vault = top.optionalBlock("vault");
    if (vault != null) {
      address = vault.string("address", null);
      vault.finish();
    }
    ConfigBody autoAuth = top.requiredBlock("auto_auth");
    top.finish();

    List<HclBlock> methods = autoAuth.blocks("method");
    List<HclBlock> sinkBlocks = autoAuth.blocks("sink");
    autoAuth.finish(); // first, so a misspelt block is named as such, not as a missing one
    if (methods.isEmpty()) {
      throw autoAuth.error(null, "missing block method in auto_auth");
    }
    if (methods.size() > 1) {
      throw autoAuth.error(methods.get(1).position(), "auto_auth takes one method");
    }
    ConfigBody method = typed(autoAuth, "method", methods.get(0), "approle");
    String mount = method.string("mount_path", "auth/approle");
    if (!mount.equals("auth/approle")) {
      throw method.error(method.attribute("mount_path").position(),
          "mount_path: only auth/approle is supported");
    }
    Duration minBackoff = method.duration("min_backoff", Duration.ofSeconds(1));
    Duration maxBackoff = method.duration("max_backoff", Duration.ofMinutes(5));
    if (minBackoff.isZero()) {
      throw method.error(method.attribute("min_backoff").position(),
          "min_backoff must be positive");
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw method.error(method.attribute("max_backoff") == null ? null
          : method.attribute("max_backoff").position(),
          "max_backoff must not be less than min_backoff");
    }
    boolean exitOnErr = method.bool("exit_on_err", false);
    ConfigBody config = method.requiredBlock("config");
    method.finish();
    Path roleId = base.resolve(config.requiredString("role_id_file_path"));
    String secret = config.string("secret_id_file_path", null);
    Path secretId = secret == null || secret.isBlank() ? null : base.resolve(secret);
    boolean remove = config.bool("remove_secret_id_file_after_reading", true);
    config.finish();

    List<AgentConfig.FileSinkConfig> sinks = new ArrayList<>();
    for (HclBlock block : sinkBlocks) {
      ConfigBody sink = typed(autoAuth, "sink", block, "file");
      ConfigBody sinkConfig = sink.requiredBlock("config");
      sink.finish();
      Path path = base.resolve(sinkConfig.requiredString("path"));
      Set<PosixFilePermission> mode = mode(sinkConfig);
      sinkConfig.finish();
      sinks.add(new AgentConfig.FileSinkConfig(path, mode));
    }
    if (sinks.isEmpty()) {
      throw autoAuth.error(null, "missing block sink in auto_auth");
    }
    return new AgentConfig(address, exitAfterAuth, revokeOnShutdown,
        new AgentConfig.AppRole(roleId, secretId, remove), minBackoff, maxBackoff, exitOnErr,
        sinks);
  }

  /**
   * A {@code method}/{@code sink} block of the only supported type, given as its label or as a
   * {@code type} attribute.
   */
  private static ConfigBody typed(ConfigBody parent, String name, HclBlock block, String only)
      throws AgentConfigException {
    ConfigBody body = parent.child(name, block);
    if (block.labels().size() > 1) {
      throw body.error(null, name + " takes one label, its type");
    }
    String type = body.string("type", null);
    if (!block.labels().isEmpty()) {
      if (type != null) {
        throw body.error(body.attribute("type").position(),
            name + " has a type label already; remove the type attribute");
      }
      type = block.labels().get(0);
    }
    if (type == null) {
      throw body.error(null, name + " needs a type: " + name + " \"" + only + "\" { ... }");
    }
    if (!type.equals(only)) {
      throw body.error(null, "unsupported " + name + " type \"" + ConfigBody.shorten(type)
          + "\" (only \"" + only + "\" is supported)");
    }
    return body;
  }

  /** The sink's {@code mode}: an octal string of a regular file's permissions. */
  private static Set<PosixFilePermission> mode(ConfigBody sink) throws AgentConfigException {
    HclAttribute a = sink.attribute("mode");
    if (a == null) {
      return FileSink.parseMode(DEFAULT_MODE);
    }
    if (!(a.value() instanceof HclValue.Str s)) {
      // A bare number is the trap of vault#9404: 640 read as decimal. Only strings are clear.
      throw sink.error(a.position(), "mode must be an octal string such as \"0640\"");
    }
    try {
      return FileSink.parseMode(s.value());
    } catch (IllegalArgumentException e) {
      throw sink.error(a.position(), e.getMessage());
    }
  }

  /** The parser's message without its own {@code line:column: } prefix. */
  private static String problemOf(HclParseException e) {
    String prefix = e.position() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
