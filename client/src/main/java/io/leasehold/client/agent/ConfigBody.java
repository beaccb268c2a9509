package io.leasehold.client.agent;

import io.leasehold.hcl.HclAttribute;
import io.leasehold.hcl.HclBlock;
import io.leasehold.hcl.HclBody;
import io.leasehold.hcl.HclValue;
import io.leasehold.hcl.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of one HCL body of the agent's configuration: every attribute and block must be
 * asked for by name, once, with the right type; {@link #finish} then refuses whatever is left, so
 * a misspelt or unsupported key fails at its line instead of being ignored.
 */
final class ConfigBody {
  private final String file;
  private final String where;
  private final HclBody body;
  private final Position position;
  private final Set<String> known = new HashSet<>();

  /** {@code where} names the body in messages, e.g. {@code auto_auth.method "approle"}. */
  ConfigBody(String file, String where, HclBody body, Position position) {
    this.file = file;
    this.where = where;
    this.body = body;
    this.position = position;
  }

  Position position() {
    return position;
  }

  String where() {
    return where;
  }

  /** An error at {@code at}, or at this body's start when null. */
  AgentConfigException error(Position at, String problem) {
    return new AgentConfigException(file, at == null ? position : at, problem);
  }

  /** The attribute {@code name}, or null; at most one. */
  HclAttribute attribute(String name) throws AgentConfigException {
    known.add(name);
    HclAttribute found = null;
    for (HclAttribute a : body.attributes()) {
      if (a.name().equals(name)) {
        if (found != null) {
          throw error(a.position(), name + " is set twice in " + label()
              + " (first at line " + found.position().line() + ")");
        }
        found = a;
      }
    }
    return found;
  }

  /** A string attribute, or {@code fallback} when absent. */
  String string(String name, String fallback) throws AgentConfigException {
    HclAttribute a = attribute(name);
    if (a == null) {
      return fallback;
    }
    if (!(a.value() instanceof HclValue.Str s)) {
      throw error(a.position(), name + " must be a string");
    }
    return s.value();
  }

  /** A required, non-blank string attribute. */
  String requiredString(String name) throws AgentConfigException {
    String value = string(name, null);
    if (value == null) {
      throw error(null, "missing key " + name + " in " + label());
    }
    if (value.isBlank()) {
      throw error(attribute(name).position(), name + " must not be empty");
    }
    return value;
  }

  /** A boolean attribute ({@code true}/{@code false}), or {@code fallback} when absent. */
  boolean bool(String name, boolean fallback) throws AgentConfigException {
    HclAttribute a = attribute(name);
    if (a == null) {
      return fallback;
    }
    if (!(a.value() instanceof HclValue.Bool b)) {
      throw error(a.position(), name + " must be true or false");
    }
    return b.value();
  }

  /** A duration ({@code "5m"}, or a number of seconds), or {@code fallback} when absent. */
  Duration duration(String name, Duration fallback) throws AgentConfigException {
    HclAttribute a = attribute(name);
    if (a == null) {
      return fallback;
    }
    try {
      if (a.value() instanceof HclValue.Str s) {
        return GoDurations.parse(s.value());
      }
      if (a.value() instanceof HclValue.Num n) {
        return GoDurations.seconds(n.value(), n.value().toPlainString());
      }
    } catch (IllegalArgumentException e) {
      throw error(a.position(), name + ": " + e.getMessage());
    }
    throw error(a.position(), name + " must be a duration such as \"30s\"");
  }

  /**
   * The blocks named {@code name} ({@code name "label" { ... }}, or {@code name { ... }}); also
   * accepts {@code name = { ... }}, which Vault's files use for {@code config}.
   */
  List<HclBlock> blocks(String name) throws AgentConfigException {
    known.add(name);
    List<HclBlock> found = new ArrayList<>();
    for (HclBlock b : body.blocks()) {
      if (b.type().equals(name)) {
        found.add(b);
      }
    }
    HclAttribute a = attribute(name);
    if (a != null) {
      if (!(a.value() instanceof HclValue.ObjectValue o)) {
        throw error(a.position(), name + " must be a block");
      }
      found.add(new HclBlock(name, List.of(), o.body(), a.position()));
    }
    return found;
  }

  /** The one block {@code name} without labels, or null when absent. */
  ConfigBody optionalBlock(String name) throws AgentConfigException {
    List<HclBlock> found = blocks(name);
    if (found.isEmpty()) {
      return null;
    }
    if (found.size() > 1) {
      throw error(found.get(1).position(), name + " is given twice in " + label()
          + " (first at line " + found.get(0).position().line() + ")");
    }
    HclBlock b = found.get(0);
    if (!b.labels().isEmpty()) {
      throw error(b.position(), name + " takes no label");
    }
    return child(name, b);
  }

  /** The one block {@code name}, required. */
  ConfigBody requiredBlock(String name) throws AgentConfigException {
    ConfigBody b = optionalBlock(name);
    if (b == null) {
      throw error(null, "missing block " + name + " in " + label());
    }
    return b;
  }

  /** A body for {@code block}, named in messages as this body's child. */
  ConfigBody child(String name, HclBlock block) {
    String label = block.labels().isEmpty() ? "" : " \"" + shorten(block.labels().get(0)) + "\"";
    String path = where.isEmpty() ? name + label : where + "." + name + label;
    return new ConfigBody(file, path, block.body(), block.position());
  }

  /** Refuses every attribute or block that was not asked for. */
  void finish() throws AgentConfigException {
    for (HclAttribute a : body.attributes()) {
      if (!known.contains(a.name())) {
        throw error(a.position(), "unknown key " + a.name() + " in " + label());
      }
    }
    for (HclBlock b : body.blocks()) {
      if (!known.contains(b.type())) {
        throw error(b.position(), "unknown block " + b.type() + " in " + label());
      }
    }
  }

  /** A label cut short, so one long label cannot blow up every message. */
  static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private String label() {
    return where.isEmpty() ? "the top level" : where;
  }
}
