package io.leasehold.server.core.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Vault's {@code allowed_parameters}, {@code denied_parameters} and {@code required_parameters}
 * checks ({@code acl.go}). Parameter names match case-insensitively (the policy's are lower-cased
 * when parsed, the request's when looked up). A policy string value may glob with a leading and/or
 * trailing {@code *}; a request string is also read as a comma-separated list, and a request list
 * element by element: allowed when every element is allowed, denied when any element is denied.
 * Numbers compare by value whatever their Java type.
 */
final class ParameterRules {
  private ParameterRules() {}

  static boolean allow(Permissions p, Map<String, ?> params) {
    for (String name : p.required) {
      if (!params.containsKey(name.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    if (params.isEmpty()) {
      return true;
    }
    if (!p.denied.isEmpty()) {
      if (p.denied.containsKey("*")) {
        return false;
      }
      for (Map.Entry<String, ?> e : params.entrySet()) {
        List<Object> values = p.denied.get(e.getKey().toLowerCase(Locale.ROOT));
        if (values != null && inDeniedList(e.getValue(), values)) {
          return false;
        }
      }
    }
    if (p.allowed.isEmpty()) {
      return true;
    }
    boolean allowedAll = p.allowed.containsKey("*");
    if (allowedAll && p.allowed.size() == 1) {
      return true;
    }
    for (Map.Entry<String, ?> e : params.entrySet()) {
      List<Object> values = p.allowed.get(e.getKey().toLowerCase(Locale.ROOT));
      if (values == null) {
        if (!allowedAll) {
          return false;
        }
      } else if (!inAllowedList(e.getValue(), values)) {
        return false;
      }
    }
    return true;
  }

  static boolean inAllowedList(Object v, List<Object> list) {
    if (list.isEmpty() || inList(v, list)) {
      return true;
    }
    List<?> elements = elements(v);
    if (elements == null) {
      return false;
    }
    for (Object e : elements) {
      if (!inList(e, list)) {
        return false;
      }
    }
    return true;
  }

  static boolean inDeniedList(Object v, List<Object> list) {
    if (list.isEmpty() || inList(v, list)) {
      return true;
    }
    List<?> elements = elements(v);
    if (elements != null) {
      for (Object e : elements) {
        if (inList(e, list)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A list's elements, or a string's comma-separated parts (trimmed; none for ""); else null. */
  private static List<?> elements(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof String s) {
      if (s.isEmpty()) {
        return List.of();
      }
      List<String> parts = new ArrayList<>();
      for (String part : s.split(",", -1)) {
        parts.add(part.strip());
      }
      return parts;
    }
    return null;
  }

  static boolean inList(Object v, List<Object> list) {
    for (Object el : list) {
      if (el == null || v == null) {
        if (el == v) {
          return true;
        }
      } else if (el instanceof String pattern) {
        if (v instanceof String s && globMatch(pattern, s)) {
          return true;
        }
      } else if (deepEquals(el, v)) {
        return true;
      }
    }
    return false;
  }

  /** {@code strutil.GlobbedStringsMatch}: {@code *x}, {@code x*}, {@code *x*}; a lone {@code *} is literal. */
  static boolean globMatch(String pattern, String value) {
    if (pattern.length() < 2) {
      return value.equals(pattern);
    }
    boolean leading = pattern.startsWith("*");
    boolean trailing = pattern.endsWith("*");
    if (leading && trailing) {
      return value.contains(pattern.substring(1, pattern.length() - 1));
    } else if (leading) {
      return value.endsWith(pattern.substring(1));
    } else if (trailing) {
      return value.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return value.equals(pattern);
  }

  private static boolean deepEquals(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      BigDecimal dx = decimal(x);
      BigDecimal dy = decimal(y);
      return dx != null && dy != null && dx.compareTo(dy) == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    } else if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    } else if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    } else if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        return null;
      }
      // Shortest decimal that reads back as the same value: 0.1f is 0.1, not 0.100000001490116.
      return new BigDecimal(n instanceof Float f ? Float.toString(f) : Double.toString(d));
    }
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
