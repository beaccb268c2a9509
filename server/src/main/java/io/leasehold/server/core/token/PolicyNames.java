package io.leasehold.server.core.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Vault's policy-name list handling: lower-cased, trimmed, de-duplicated and sorted. */
public final class PolicyNames {
  public static final String ROOT = "root";
  public static final String DEFAULT = "default";

  private PolicyNames() {}

  /** Lower-case, trim, drop empties, de-duplicate, sort. */
  public static List<String> clean(Collection<String> names) {
    TreeSet<String> out = new TreeSet<>();
    for (String n : names) {
      String c = n.trim().toLowerCase(Locale.ROOT);
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * {@link #clean} plus {@code default} when asked; a set containing {@code root} becomes exactly
   * {@code [root]}.
   */
  public static List<String> sanitize(Collection<String> names, boolean addDefault) {
    List<String> c = clean(names);
    if (c.contains(ROOT)) {
      return List.of(ROOT);
    }
    if (addDefault && !c.contains(DEFAULT)) {
      c.add(DEFAULT);
      c.sort(null);
    }
    return c;
  }

  /** Whether {@code value} matches a glob pattern in which {@code *} stands for any run of characters. */
  public static boolean globMatches(String pattern, String value) {
    if (!pattern.contains("*")) {
      return pattern.equals(value);
    }
    String[] parts = pattern.split("\\*", -1);
    int pos = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == 0) {
        if (!value.startsWith(part)) {
          return false;
        }
        pos = part.length();
      } else if (i == parts.length - 1) {
        return value.length() - part.length() >= pos && value.endsWith(part);
      } else {
        int at = value.indexOf(part, pos);
        if (at < 0) {
          return false;
        }
        pos = at + part.length();
      }
    }
    return true;
  }

  /** Whether any pattern matches. */
  public static boolean anyGlobMatches(Collection<String> patterns, String value) {
    for (String p : patterns) {
      if (globMatches(p, value)) {
        return true;
      }
    }
    return false;
  }
}
