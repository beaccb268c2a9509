package io.leasehold.server.core.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * The two bits of Go's standard library whose exact output reaches users through policy errors:
 * {@code %q} quoting and duration parsing ({@code parseutil.ParseDurationSecond}, which falls back
 * to {@code time.ParseDuration}). Public for the server configuration, whose TTLs Vault parses the
 * same way.
 */
public final class GoText {
  private GoText() {}

  /** Go's {@code %q} ({@code strconv.Quote}) of a string. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case 7 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 11 -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", c));
          } else if (Character.isISOControl(c) || !Character.isDefined(c)
              || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c)) {
            b.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /**
   * {@code parseutil.ParseDurationSecond}: a number is seconds; a string is empty (zero), an
   * integer of seconds, an integer of days with a {@code d} suffix, or a Go duration
   * ({@code 1h30m}, {@code 1.5s}).
   *
   * @throws IllegalArgumentException with Go's message
   */
  public static Duration parseDurationSecond(Object in) {
    if (in instanceof BigDecimal n) {
      BigDecimal nanos = n.movePointRight(9).setScale(0, RoundingMode.DOWN);
      return Duration.ofNanos(checkedNanos(nanos.toBigInteger(), n.toPlainString()));
    }
    if (!(in instanceof String s)) {
      throw new IllegalArgumentException("could not parse duration from input");
    }
    if (s.isEmpty()) {
      return Duration.ZERO;
    }
    Long seconds = parseGoInt(s);
    if (seconds != null) {
      return Duration.ofNanos(checkedNanos(BigInteger.valueOf(seconds).multiply(BigInteger.TEN.pow(9)), s));
    }
    if (s.endsWith("d")) {
      String days = s.substring(0, s.length() - 1);
      Long d = parseGoInt(days);
      if (d == null) {
        throw new IllegalArgumentException(
            "strconv.ParseInt: parsing " + quote(days) + ": invalid syntax");
      }
      return Duration.ofNanos(checkedNanos(
          BigInteger.valueOf(d).multiply(BigInteger.valueOf(86_400L * 1_000_000_000L)), s));
    }
    return parseDuration(s);
  }

  private static long checkedNanos(BigInteger nanos, String orig) {
    if (nanos.bitLength() > 63) {
      throw new IllegalArgumentException("time: invalid duration " + quote(orig));
    }
    return nanos.longValueExact();
  }

  /** {@code strconv.ParseInt(s, 10, 64)}, or null when it would fail. */
  private static Long parseGoInt(String s) {
    int start = (s.startsWith("+") || s.startsWith("-")) ? 1 : 0;
    if (s.length() == start) {
      return null;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  /** Go's {@code time.ParseDuration}. */
  static Duration parseDuration(String orig) {
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    IllegalArgumentException invalid =
        new IllegalArgumentException("time: invalid duration " + quote(orig));
    if (s.isEmpty()) {
      throw invalid;
    }
    BigInteger total = BigInteger.ZERO;
    while (!s.isEmpty()) {
      char c0 = s.charAt(0);
      if (!(c0 == '.' || (c0 >= '0' && c0 <= '9'))) {
        throw invalid;
      }
      int i = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        i++;
      }
      boolean pre = i > 0;
      String intPart = s.substring(0, i);
      s = s.substring(i);
      String fracPart = "";
      boolean post = false;
      if (!s.isEmpty() && s.charAt(0) == '.') {
        s = s.substring(1);
        int j = 0;
        while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
          j++;
        }
        post = j > 0;
        fracPart = s.substring(0, j);
        s = s.substring(j);
      }
      if (!pre && !post) {
        throw invalid;
      }
      int u = 0;
      while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) {
        u++;
      }
      if (u == 0) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
      }
      String unitText = s.substring(0, u);
      s = s.substring(u);
      Long unit = UNITS.get(unitText);
      if (unit == null) {
        throw new IllegalArgumentException(
            "time: unknown unit " + quote(unitText) + " in duration " + quote(orig));
      }
      BigDecimal value = new BigDecimal((intPart.isEmpty() ? "0" : intPart)
          + (fracPart.isEmpty() ? "" : "." + fracPart));
      total = total.add(value.multiply(BigDecimal.valueOf(unit))
          .setScale(0, RoundingMode.DOWN).toBigInteger());
      if (total.bitLength() > 63) {
        throw invalid;
      }
    }
    return Duration.ofNanos(neg ? -total.longValueExact() : total.longValueExact());
  }
}
