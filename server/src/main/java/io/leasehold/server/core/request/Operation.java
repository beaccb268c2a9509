package io.leasehold.server.core.request;

/** Vault's request operations; each needs the capability of the same name. */
public enum Operation {
  CREATE,
  READ,
  UPDATE,
  PATCH,
  DELETE,
  LIST;

  /** The capability name, e.g. {@code update}. */
  public String capability() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
