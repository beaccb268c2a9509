package io.leasehold.hcl;

/** {@code name = value}. */
public record HclAttribute(String name, HclValue value, Position position) {}
