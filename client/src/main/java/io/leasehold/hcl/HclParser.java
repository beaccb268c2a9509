package io.leasehold.hcl;

/**
 * A strict parser for the HCL subset our policies and configuration files use. It never guesses:
 * anything it cannot read exactly is an {@link HclParseException} naming the line and column.
 */
public final class HclParser {
  private HclParser() {}

  /** Parses a whole document. */
  public static HclBody parse(String source) throws HclParseException {
    throw new UnsupportedOperationException("being written");
  }
}
