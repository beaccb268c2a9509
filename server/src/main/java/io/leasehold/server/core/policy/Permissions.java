package io.leasehold.server.core.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one path string grants once every rule for it in a policy set is merged: Vault's
 * {@code ACLPermissions}. Built while an {@link Acl} compiles, then only read.
 */
final class Permissions {
  int bits;
  final Map<String, List<Object>> allowed = new HashMap<>();
  final Map<String, List<Object>> denied = new HashMap<>();
  final List<String> required = new ArrayList<>();
  Duration minWrappingTtl = Duration.ZERO;
  Duration maxWrappingTtl = Duration.ZERO;

  /** Set by {@link #seal()}: whether request parameters can change the answer. */
  boolean checksParameters;
  /**
   * Set by {@link #seal()}: the rule asks for response wrapping, which Leasehold does not offer,
   * so (as in Vault for an unwrapped request) nothing is allowed through it.
   */
  boolean needsWrapping;

  static Permissions of(PathRule rule) {
    Permissions p = new Permissions();
    p.bits = bits(rule);
    p.allowed.putAll(rule.allowedParameters());
    p.denied.putAll(rule.deniedParameters());
    p.required.addAll(rule.requiredParameters());
    p.minWrappingTtl = rule.minWrappingTtl();
    p.maxWrappingTtl = rule.maxWrappingTtl();
    return p;
  }

  /**
   * Adds another rule for the same path string, as Vault's {@code NewACL} does: a deny already
   * here ignores it; a deny in it replaces everything; otherwise capabilities join, the smaller
   * wrapping TTLs win, parameter lists join (an empty list, "any value", wins) and required
   * parameters join.
   */
  void merge(PathRule rule) {
    if (has(Capability.DENY)) {
      return;
    }
    if (rule.denies()) {
      bits = Capability.DENY.bit;
      allowed.clear();
      denied.clear();
      return;
    }
    bits |= bits(rule);
    Duration max = rule.maxWrappingTtl();
    if (max.compareTo(Duration.ZERO) > 0
        && (maxWrappingTtl.isZero() || max.compareTo(maxWrappingTtl) < 0)) {
      maxWrappingTtl = max;
    }
    Duration min = rule.minWrappingTtl();
    if (min.compareTo(Duration.ZERO) > 0
        && (minWrappingTtl.isZero() || min.compareTo(minWrappingTtl) < 0)) {
      minWrappingTtl = min;
    }
    mergeValues(allowed, rule.allowedParameters());
    mergeValues(denied, rule.deniedParameters());
    for (String name : rule.requiredParameters()) {
      if (!required.contains(name)) {
        required.add(name);
      }
    }
  }

  private static void mergeValues(Map<String, List<Object>> into, Map<String, List<Object>> more) {
    more.forEach((name, values) -> {
      List<Object> have = into.get(name);
      if (have == null) {
        into.put(name, values);
      } else if (values.isEmpty() || have.isEmpty()) {
        into.put(name, List.of());
      } else {
        List<Object> joined = new ArrayList<>(values);
        joined.addAll(have);
        into.put(name, List.copyOf(joined));
      }
    });
  }

  /** Computes the flags the hot path reads. */
  Permissions seal() {
    checksParameters = !allowed.isEmpty() || !denied.isEmpty() || !required.isEmpty();
    boolean positive = minWrappingTtl.compareTo(Duration.ZERO) > 0
        || maxWrappingTtl.compareTo(Duration.ZERO) > 0;
    boolean inverted = !minWrappingTtl.isZero() && !maxWrappingTtl.isZero()
        && maxWrappingTtl.compareTo(minWrappingTtl) < 0;
    needsWrapping = positive || inverted;
    return this;
  }

  boolean has(Capability c) {
    return (bits & c.bit) != 0;
  }

  private static int bits(PathRule rule) {
    int b = 0;
    for (Capability c : rule.capabilities()) {
      b |= c.bit;
    }
    return b;
  }
}
