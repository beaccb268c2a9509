package io.leasehold.server.core.policy;

/** Which policies exist: tokens may name others, but creation then warns. */
@FunctionalInterface
public interface PolicyCatalog {
  /** Whether a policy of this (sanitized) name exists. */
  boolean exists(String name);

  /** Only the built-ins, {@code root} and {@code default}: the catalog until policies can be written. */
  static PolicyCatalog builtinsOnly() {
    return name -> name.equals("root") || name.equals("default");
  }
}
