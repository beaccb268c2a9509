package io.leasehold.client.output;

import io.leasehold.client.GoDurations;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Values printed the way Vault's Go code prints them in tables ({@code %v} and {@code %q}). */
public final class GoValues {
  private GoValues() {}

  /**
   * Go's {@code %v}: {@code <nil>}, {@code [a b]} for lists, {@code map[k:v]} with sorted keys for
   * maps, everything else as its string.
   */
  public static String v(Object value) {
    if (value == null) {
      return "<nil>";
    }
    if (value instanceof List<?> list) {
      StringBuilder b = new StringBuilder("[");
      for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
        b.append(v(it.next()));
        if (it.hasNext()) {
          b.append(' ');
        }
      }
      return b.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder b = new StringBuilder("map[");
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, val) -> sorted.put(String.valueOf(k), val));
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          b.append(' ');
        }
        first = false;
        b.append(e.getKey()).append(':').append(v(e.getValue()));
      }
      return b.append(']').toString();
    }
    return String.valueOf(value);
  }

  /** Go's {@code %q} of a string list: {@code ["default" "p1"]}, {@code []} when empty. */
  public static String q(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(JsonWriter.quote(values.get(i), false));
    }
    return b.append(']').toString();
  }

  /**
   * Whether Vault's table prints this key's value as a duration: {@code ttl}, {@code period},
   * {@code duration} and their {@code *_ttl} etc. forms, {@code lease_max}, {@code ttl_max}.
   */
  public static boolean looksLikeDuration(String key) {
    return key.equals("period") || key.endsWith("_period") || key.equals("ttl")
        || key.endsWith("_ttl") || key.equals("duration") || key.endsWith("_duration")
        || key.equals("lease_max") || key.equals("ttl_max");
  }

  /** A table cell for {@code key}: whole seconds humanised for duration keys, else {@link #v}. */
  public static String cell(String key, Object value) {
    if (looksLikeDuration(key) && (value instanceof Long || value instanceof Integer)) {
      return GoDurations.human(((Number) value).longValue());
    }
    return v(value);
  }
}
