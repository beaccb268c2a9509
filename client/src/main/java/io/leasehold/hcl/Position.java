package io.leasehold.hcl;

/** A place in the source: 1-based line and column (columns count UTF-16 chars). */
public record Position(int line, int column) {
  @Override
  public String toString() {
    return line + ":" + column;
  }
}
