package io.leasehold.client.cli;

import io.leasehold.client.GoDurations;
import io.leasehold.client.output.OutputFormat;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters for Vault's flag value syntax. */
final class Converters {
  private Converters() {}

  /** {@code 30s}, {@code 1h}, {@code 90m}, or integer seconds; rejects anything else. */
  static final class GoDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return GoDurations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage()
            + " (use integer seconds or a duration such as 30s, 5m, 1h)");
      }
    }
  }

  /** {@code table}, {@code json}, {@code yaml}. */
  static final class Format implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
