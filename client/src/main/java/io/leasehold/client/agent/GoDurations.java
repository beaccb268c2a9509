package io.leasehold.client.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Vault's configuration files write them: Go's {@code time.ParseDuration} syntax
 * ({@code "1s"}, {@code "5m"}, {@code "1h30m"}, {@code "250ms"}, {@code "1.5h"}), or a whole
 * number of seconds ({@code 30} or {@code "30"}). Negative durations are refused.
 */
final class GoDurations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Pattern SECONDS = Pattern.compile("\\d+");

  private GoDurations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is not a duration
   */
  static Duration parse(String text) {
    if (SECONDS.matcher(text).matches()) {
      return seconds(new BigDecimal(text), text);
    }
    Matcher m = PART.matcher(text);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw invalid(text);
      }
      nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
          .multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      at = m.end();
    }
    if (text.isEmpty()) {
      throw invalid(text);
    }
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      // Fractions of a nanosecond are dropped, as Go does; only the range is a problem.
      if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException("duration " + quote(text) + " is too long");
      }
      return Duration.ofNanos(nanos.longValue());
    }
  }

  /** A whole number of seconds given as an HCL number. */
  static Duration seconds(BigDecimal value, String text) {
    if (value.signum() < 0 || value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "duration " + quote(text) + " must be a whole, non-negative number of seconds");
    }
    try {
      return Duration.ofSeconds(value.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration " + quote(text) + " is too long");
    }
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L; // h
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration " + quote(text)
        + " (write it like \"30s\", \"5m\" or \"1h30m\")");
  }

  private static String quote(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "\"" + shown + "\"";
  }
}
