package io.leasehold.client.cli.paths;

import io.leasehold.client.GoDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code key=value} data of a {@code write}, read as Vault's endpoints read their fields:
 * durations as integer seconds or Go durations, lists comma-separated (or the key repeated),
 * booleans as {@code true/false/1/0/t/f}. Remembers which keys a handler used, so the command can
 * warn about the rest as Vault does.
 */
public final class PathData {
  private final Map<String, List<String>> values;
  private final Set<String> used = new LinkedHashSet<>();

  /** @param values each key's values in order given (a repeated key has several) */
  public PathData(Map<String, List<String>> values) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.values = Collections.unmodifiableMap(copy);
  }

  public static PathData empty() {
    return new PathData(Map.of());
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The keys given, in order. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** The keys no handler asked for. */
  public List<String> unused() {
    List<String> rest = new ArrayList<>();
    for (String k : values.keySet()) {
      if (!used.contains(k)) {
        rest.add(k);
      }
    }
    return rest;
  }

  /** The value of {@code key} (the last, if repeated), or null when absent. */
  public String string(String key) {
    List<String> v = values.get(key);
    used.add(key);
    return v == null ? null : v.get(v.size() - 1);
  }

  /** The value of {@code key}, or {@code fallback} when absent. */
  public String string(String key, String fallback) {
    String v = string(key);
    return v == null ? fallback : v;
  }

  /** Every value of {@code key}, each split on commas and trimmed; null when absent. */
  public List<String> list(String key) {
    List<String> v = values.get(key);
    used.add(key);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : v) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  /** A duration (integer seconds or Go duration); null when absent. */
  public Duration duration(String key) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    try {
      return GoDurations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new PathException("error converting input " + v + " for field \"" + key + "\": "
          + e.getMessage());
    }
  }

  /** A boolean; null when absent. */
  public Boolean bool(String key) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "t", "1" -> true;
      case "false", "f", "0", "" -> false;
      default -> throw new PathException("error converting input " + v + " for field \"" + key
          + "\": cannot parse '' as bool: strconv.ParseBool: parsing \"" + v
          + "\": invalid syntax");
    };
  }

  /** A whole number; null when absent. */
  public Long number(String key) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new PathException("error converting input " + v + " for field \"" + key
          + "\": not a whole number");
    }
  }

  /** Every key with its value: one string, or a list for a repeated key. */
  public Map<String, Object> raw() {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      used.add(k);
      out.put(k, v.size() == 1 ? v.get(0) : new ArrayList<>(v));
    });
    return out;
  }
}
