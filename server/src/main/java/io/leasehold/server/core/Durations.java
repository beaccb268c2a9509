package io.leasehold.server.core;

/** Renders durations the way Vault's messages do. */
public final class Durations {
  private Durations() {}

  /**
   * Go's {@code Duration.String()} for whole seconds, with a trailing {@code m0s} shortened to
   * {@code m} and {@code h0m} to {@code h}: 800h, 1h30m, 2m, 5s, 0s.
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
    if (h > 0) {
      b.append(h).append('h').append(m).append('m').append(sec).append('s');
    } else if (m > 0) {
      b.append(m).append('m').append(sec).append('s');
    } else {
      b.append(sec).append('s');
    }
    String text = b.toString();
    if (text.endsWith("m0s")) {
      text = text.substring(0, text.length() - 2);
    }
    if (text.endsWith("h0m")) {
      text = text.substring(0, text.length() - 2);
    }
    return text;
  }
}
