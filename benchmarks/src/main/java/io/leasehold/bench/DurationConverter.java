package io.leasehold.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads "500ms", "5s", "1.5s", "2m", a bare number of seconds, or ISO-8601 ("PT5S"). */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis =
          switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1000;
          };
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    try {
      return Duration.parse(value.trim());
    } catch (RuntimeException e) {
      throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 5s, 2m)");
    }
  }

  /** "5s", "1.5s", "500ms". */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
