package io.leasehold.hcl;

/** Malformed HCL: the message says what and where ({@code line:column: ...}). */
public final class HclParseException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Position position;

  public HclParseException(Position position, String problem) {
    super(position + ": " + problem);
    this.position = position;
  }

  public Position position() {
    return position;
  }
}
