package io.leasehold.server.core.request;

/** Whether the server is sealed: while it is, only status, init and unseal answer. */
@FunctionalInterface
public interface SealState {
  boolean sealed();
}
