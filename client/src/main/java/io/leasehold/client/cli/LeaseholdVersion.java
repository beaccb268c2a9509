package io.leasehold.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version of this build, as Maven stamped it into {@code version.properties}. */
public final class LeaseholdVersion {
  private static final String VERSION = load();

  private LeaseholdVersion() {}

  /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} if the stamp is missing. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = LeaseholdVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      // An unfiltered resource (e.g. run from an IDE that skips Maven filtering) still says ${...}.
      return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code -V}/{@code --version}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Leasehold v" + get()};
    }
  }
}
