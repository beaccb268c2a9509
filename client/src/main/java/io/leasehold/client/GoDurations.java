package io.leasehold.client;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations the way Vault reads and prints them: integer seconds ({@code 3600}) or Go duration
 * strings ({@code 1h30m}, {@code 45s}, {@code 1.5h}, {@code 2d}), printed back as {@code 768h},
 * {@code 1m}, {@code 23h59m10s}.
 */
public final class GoDurations {
  private GoDurations() {}

  /**
   * Parses integer seconds or a Go duration ({@code ns us µs ms s m h}, and {@code d} for days as
   * Vault's parser allows). Sub-second parts are kept; callers sending them to the server lose them.
   *
   * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "abc"}
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      return Duration.ZERO;
    }
    if (s.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
    }
    boolean negative = false;
    int i = 0;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == s.length()) {
      throw invalid(text);
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text);
      }
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
      }
      long unitNanos = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        case "d" -> 86_400_000_000_000L;
        default -> throw new IllegalArgumentException(
            "time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
      };
      totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
    }
    if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("time: invalid duration \"" + text + "\" (too long)");
    }
    Duration d = Duration.ofNanos(totalNanos.longValue());
    return negative ? d.negated() : d;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }

  /**
   * Vault's human form of whole seconds: Go's {@code 768h0m0s} with the zero minutes and seconds
   * dropped ({@code 768h}, {@code 1m}, {@code 1h30s}, {@code 23h59m10s}, {@code 0s}).
   */
  public static String human(long seconds) {
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long s = seconds;
    if (s < 0) {
      b.append('-');
      s = -s;
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    String go = (h > 0 ? h + "h" + m + "m" + sec + "s" : m > 0 ? m + "m" + sec + "s" : sec + "s");
    if (go.endsWith("m0s")) {
      go = go.substring(0, go.length() - 2);
    }
    int idx = go.indexOf("h0m");
    if (idx > 0) {
      go = go.substring(0, idx + 1) + go.substring(idx + 3);
    }
    return b.append(go).toString();
  }
}
