package io.leasehold.client.cli.paths;

import java.util.Locale;

/** The operation of a {@code read}, {@code write}, {@code list} or {@code delete} command. */
public enum PathOp {
  READ,
  WRITE,
  LIST,
  DELETE;

  /** The command's name, e.g. {@code read}. */
  public String command() {
    return name().toLowerCase(Locale.ROOT);
  }
}
