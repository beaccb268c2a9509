package io.leasehold.bench;

import io.grpc.stub.StreamObserver;

/** One kind of call the load generator keeps in flight. */
public interface Operation {

  /** The name used in --ops and in the report. */
  String name();

  /**
   * Readies the next phase (warm-up or measured) at this concurrency, e.g. pre-creates the tokens
   * the phase will use. Runs before the phase starts; its time is not measured.
   */
  default void prepare(int concurrency, boolean warmup) throws Exception {}

  /**
   * Starts one asynchronous call for in-flight slot {@code slot} (0 ≤ slot < concurrency) that
   * reports to {@code observer}. Returns false, starting nothing, when the operation has no more
   * work for this phase (a pool of tokens is used up).
   */
  boolean start(int slot, StreamObserver<Object> observer);

  /** A line for the report about how this operation was run, or null. */
  default String note() {
    return null;
  }
}
