package io.leasehold.server.config;

import io.leasehold.hcl.HclAttribute;
import io.leasehold.hcl.HclBlock;
import io.leasehold.hcl.HclBody;
import io.leasehold.hcl.HclParseException;
import io.leasehold.hcl.HclParser;
import io.leasehold.hcl.HclValue;
import io.leasehold.hcl.Position;
import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.policy.GoText;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a server configuration file in Vault's shape, strictly: a key it does not know, a value of
 * the wrong kind, a key set twice or a second storage or listener block is an error naming the
 * file, line and column and what is allowed. A few keys Vault users commonly write and that mean
 * nothing here ({@code ui}, {@code disable_mlock}, {@code api_addr}, {@code cluster_addr}, a
 * listener's {@code cluster_address}) are accepted with a warning.
 *
 * <pre>
 * storage "rocksdb" { path = "./leasehold-data" }     # or storage "inmem" {}
 * listener "tcp" {
 *   address     = "127.0.0.1:8200"
 *   tls_disable = true                              # required: no TLS yet
 * }
 * default_lease_ttl = "768h"                         # Go durations or seconds; 0 = 768h
 * max_lease_ttl     = "768h"
 * cluster_name      = "prod"
 * log_level         = "info"                         # trace, debug, info, warn, error
 * </pre>
 */
public final class ServerConfigParser {
  private static final List<String> KEYS =
      List.of("default_lease_ttl", "max_lease_ttl", "cluster_name", "log_level");
  private static final List<String> BLOCKS = List.of("storage", "listener");
  private static final Set<String> IGNORED =
      Set.of("ui", "disable_mlock", "api_addr", "cluster_addr");
  private static final List<String> LISTENER_KEYS = List.of("address", "tls_disable");
  private static final Set<String> LISTENER_IGNORED = Set.of("cluster_address");
  private static final Map<String, String> LOG_LEVELS = Map.of("trace", "trace", "debug", "debug",
      "info", "info", "warn", "warn", "warning", "warn", "error", "error", "err", "error");
  private static final String DEFAULT_ADDRESS = "127.0.0.1:8200";

  private final String source;
  private final StorageBackends backends;
  /** Ignored keys, by where they are, so warnings come out in file order. */
  private final Map<Position, String> warnings = new TreeMap<>(
      java.util.Comparator.comparingInt(Position::line).thenComparingInt(Position::column));

  private ServerConfigParser(String source, StorageBackends backends) {
    this.source = source;
    this.backends = backends;
  }

  /**
   * Parses and checks {@code text}, read from {@code source} (a file name, for messages).
   *
   * @throws ConfigException on the first problem, with {@code source:line:column:} in front
   */
  public static ServerConfig parse(String text, String source, StorageBackends backends)
      throws ConfigException {
    return new ServerConfigParser(source, backends).read(text);
  }

  /**
   * The configuration used when none is given (durable storage under {@code ./leasehold-data},
   * plaintext gRPC on 127.0.0.1:8200), from the {@code default.hcl} resource beside this class.
   */
  public static ServerConfig builtInDefault(StorageBackends backends) throws ConfigException {
    String text;
    try (var in = ServerConfigParser.class.getResourceAsStream("default.hcl")) {
      if (in == null) {
        throw new IllegalStateException("default.hcl missing from the server jar");
      }
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return parse(text, "(built-in default configuration)", backends);
  }

  private ServerConfig read(String text) throws ConfigException {
    HclBody body;
    try {
      body = HclParser.parse(text);
    } catch (HclParseException e) {
      throw new ConfigException(source + ":" + e.getMessage(), e);
    }
    Map<String, HclAttribute> attrs = attributes(body, KEYS, IGNORED, "");
    HclBlock storageBlock = null;
    HclBlock listenerBlock = null;
    for (HclBlock block : body.blocks()) {
      switch (block.type()) {
        case "storage" -> storageBlock = single(storageBlock, block);
        case "listener" -> listenerBlock = single(listenerBlock, block);
        default -> throw error(block.position(), "unknown block \"" + block.type()
            + "\"; allowed: " + String.join(", ", BLOCKS) + allowedAttributes(KEYS));
      }
    }
    if (storageBlock == null) {
      throw new ConfigException(source + ": a storage block is required, e.g. storage"
          + " \"rocksdb\" { path = \"./leasehold-data\" }; types: "
          + String.join(", ", backends.types()));
    }
    if (listenerBlock == null) {
      throw new ConfigException(source + ": a listener block is required, e.g. listener \"tcp\""
          + " { address = \"" + DEFAULT_ADDRESS + "\" tls_disable = true }");
    }
    StorageSettings storage = storage(storageBlock);
    String addressText = listener(listenerBlock);
    InetSocketAddress address;
    try {
      address = ListenAddress.parse(addressText);
    } catch (IllegalArgumentException e) {
      throw error(attributePosition(listenerBlock, "address"), "address " + e.getMessage());
    }
    SystemDefaults leases = leaseDefaults(attrs.get("default_lease_ttl"),
        attrs.get("max_lease_ttl"));
    String clusterName = attrs.containsKey("cluster_name")
        ? nonEmptyString(attrs.get("cluster_name")) : null;
    String logLevel = attrs.containsKey("log_level") ? logLevel(attrs.get("log_level")) : "info";
    return new ServerConfig(source, storage, address, addressText, leases, clusterName, logLevel,
        new ArrayList<>(warnings.values()));
  }

  // ---- blocks -------------------------------------------------------------------------------

  private HclBlock single(HclBlock first, HclBlock next) throws ConfigException {
    if (first != null) {
      throw error(next.position(), "only one " + next.type() + " block is allowed (the first is"
          + " at " + first.position() + ")");
    }
    return next;
  }

  private StorageSettings storage(HclBlock block) throws ConfigException {
    String type = label(block, "storage \"rocksdb\" { path = \"...\" }");
    StorageBackends.Backend backend = backends.find(type).orElseThrow(() -> error(
        block.position(), "unknown storage type \"" + type + "\"; allowed: "
            + String.join(", ", backends.types())));
    noBlocks(block, "storage \"" + type + "\"");
    Map<String, String> options = new TreeMap<>();
    Map<String, Position> seen = new HashMap<>();
    for (HclAttribute a : block.body().attributes()) {
      if (!backend.allowed().contains(a.name())) {
        throw error(a.position(), "unknown key \"" + a.name() + "\" in storage \"" + type + "\"; "
            + (backend.allowed().isEmpty() ? "it takes no options"
                : "allowed: " + String.join(", ", backend.allowed())));
      }
      once(seen, a);
      options.put(a.name(), nonEmptyString(a));
    }
    for (String required : new java.util.TreeSet<>(backend.required())) {
      if (!options.containsKey(required)) {
        throw error(block.position(), "storage \"" + type + "\" needs " + required
            + ", e.g. " + required + " = \"...\"");
      }
    }
    return new StorageSettings(type, options, where(block.position()));
  }

  private String listener(HclBlock block) throws ConfigException {
    String type = label(block, "listener \"tcp\" { ... }");
    if (!type.equals("tcp")) {
      throw error(block.position(), "unknown listener type \"" + type + "\"; allowed: tcp");
    }
    noBlocks(block, "listener \"tcp\"");
    Map<String, HclAttribute> attrs =
        attributes(block.body(), LISTENER_KEYS, LISTENER_IGNORED, " in listener \"tcp\"");
    HclAttribute tls = attrs.get("tls_disable");
    if (tls == null || !bool(tls)) {
      throw error(tls == null ? block.position() : tls.position(),
          "TLS is not supported yet: set tls_disable = true in the listener (clients connect in"
              + " plaintext)");
    }
    HclAttribute address = attrs.get("address");
    return address == null ? DEFAULT_ADDRESS : nonEmptyString(address);
  }

  private String label(HclBlock block, String example) throws ConfigException {
    if (block.labels().size() != 1) {
      throw error(block.position(), block.type() + " needs exactly one label, e.g. " + example);
    }
    return block.labels().get(0);
  }

  private void noBlocks(HclBlock block, String what) throws ConfigException {
    if (!block.body().blocks().isEmpty()) {
      HclBlock inner = block.body().blocks().get(0);
      throw error(inner.position(), "unknown block \"" + inner.type() + "\" in " + what);
    }
  }

  /** The known attributes of a body by name; ignored ones become warnings; blocks are not read. */
  private Map<String, HclAttribute> attributes(HclBody body, List<String> known,
      Set<String> ignored, String in) throws ConfigException {
    Map<String, HclAttribute> out = new LinkedHashMap<>();
    Map<String, Position> seen = new HashMap<>();
    for (HclAttribute a : body.attributes()) {
      once(seen, a);
      if (known.contains(a.name())) {
        out.put(a.name(), a);
      } else if (ignored.contains(a.name())) {
        warnings.put(a.position(), where(a.position()) + ": \"" + a.name() + "\"" + in
            + " is accepted for Vault compatibility and ignored");
      } else {
        throw error(a.position(), "unknown key \"" + a.name() + "\"" + in + "; allowed: "
            + String.join(", ", known)
            + (in.isEmpty() ? ", and the blocks " + String.join(", ", BLOCKS) : ""));
      }
    }
    return out;
  }

  private void once(Map<String, Position> seen, HclAttribute a) throws ConfigException {
    Position first = seen.putIfAbsent(a.name(), a.position());
    if (first != null) {
      throw error(a.position(), a.name() + " is set twice (first at " + first + ")");
    }
  }

  private static String allowedAttributes(List<String> keys) {
    return ", and the keys " + String.join(", ", keys);
  }

  private static Position attributePosition(HclBlock block, String name) {
    return block.body().attributes().stream().filter(a -> a.name().equals(name))
        .map(HclAttribute::position).findFirst().orElse(block.position());
  }

  // ---- values -------------------------------------------------------------------------------

  private SystemDefaults leaseDefaults(HclAttribute defaultTtl, HclAttribute maxTtl)
      throws ConfigException {
    long def = defaultTtl == null ? 0 : seconds(defaultTtl);
    long max = maxTtl == null ? 0 : seconds(maxTtl);
    // As in Vault, zero (or unset) means 768h.
    long effectiveDef = def == 0 ? SystemDefaults.VAULT_DEFAULT_TTL : def;
    long effectiveMax = max == 0 ? SystemDefaults.VAULT_DEFAULT_TTL : max;
    if (effectiveDef > effectiveMax) {
      HclAttribute at = defaultTtl != null ? defaultTtl : maxTtl;
      throw error(at.position(), "default_lease_ttl ("
          + io.leasehold.server.core.Durations.human(effectiveDef)
          + ") cannot be larger than max_lease_ttl ("
          + io.leasehold.server.core.Durations.human(effectiveMax) + ")");
    }
    return new SystemDefaults(effectiveDef, effectiveMax);
  }

  private long seconds(HclAttribute a) throws ConfigException {
    Object raw;
    if (a.value() instanceof HclValue.Str s) {
      raw = s.value();
    } else if (a.value() instanceof HclValue.Num n) {
      raw = n.value();
    } else {
      throw error(a.position(), a.name()
          + " must be a duration such as \"768h\", \"30m\" or a number of seconds");
    }
    java.time.Duration d;
    try {
      d = GoText.parseDurationSecond(raw);
    } catch (IllegalArgumentException e) {
      throw error(a.position(), a.name() + ": " + e.getMessage()
          + "; use a duration such as \"768h\", \"30m\" or a number of seconds");
    }
    if (d.isNegative()) {
      throw error(a.position(), a.name() + " must not be negative");
    }
    return d.getSeconds();
  }

  private String logLevel(HclAttribute a) throws ConfigException {
    String level = LOG_LEVELS.get(string(a).toLowerCase(Locale.ROOT));
    if (level == null) {
      throw error(a.position(), "log_level \"" + string(a)
          + "\" is not a level; allowed: trace, debug, info, warn, error");
    }
    return level;
  }

  private String string(HclAttribute a) throws ConfigException {
    if (a.value() instanceof HclValue.Str s) {
      return s.value();
    }
    throw error(a.position(), a.name() + " must be a string (in double quotes)");
  }

  private String nonEmptyString(HclAttribute a) throws ConfigException {
    String s = string(a);
    if (s.isBlank()) {
      throw error(a.position(), a.name() + " must not be empty");
    }
    return s;
  }

  /** Go's strconv.ParseBool, as Vault reads tls_disable: also 1/0 and "true"/"1"/"t"... */
  private boolean bool(HclAttribute a) throws ConfigException {
    HclValue v = a.value();
    if (v instanceof HclValue.Bool b) {
      return b.value();
    }
    String text = v instanceof HclValue.Str s ? s.value()
        : v instanceof HclValue.Num n ? n.value().stripTrailingZeros().toPlainString()
        : null;
    if (text != null) {
      switch (text) {
        case "1", "t", "T", "TRUE", "true", "True" -> {
          return true;
        }
        case "0", "f", "F", "FALSE", "false", "False" -> {
          return false;
        }
        default -> { }
      }
    }
    throw error(a.position(), a.name() + " must be true or false");
  }

  private ConfigException error(Position at, String problem) {
    return new ConfigException(where(at) + ": " + problem);
  }

  private String where(Position at) {
    return source + ":" + at;
  }
}
