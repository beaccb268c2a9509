package io.leasehold.server.grpc;

import io.grpc.stub.StreamObserver;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.core.request.RequestPipeline;
import io.leasehold.server.core.request.Route;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one unary call through the request pipeline and completes it, mapping every failure.
 *
 * <p>Where a call runs: with an in-memory store, cheap calls run on the calling thread (the Netty
 * event loop: no hand-off, no context switch) and slow ones on {@code slowWork}. With a store whose
 * calls block on disk ({@code callWork} given), every call that reaches the store runs on
 * {@code callWork}, so the event loop never waits for an fsync; that pool is also what lets many
 * commits be in flight at once and share one fsync (group commit).
 */
final class Unary {
  private final RequestPipeline pipeline;
  private final Executor slowWork;
  private final Executor callWork;

  /**
   * @param slowWork where slow calls (tree revocations, scans) run
   * @param callWork where every call that touches storage runs, or {@code null} to run cheap
   *     calls on the calling thread (for a storage that never blocks)
   */
  Unary(RequestPipeline pipeline, Executor slowWork, Executor callWork) {
    this.pipeline = pipeline;
    this.slowWork = slowWork;
    this.callWork = callWork;
  }

  /** An authenticated call: cheap, non-blocking work (run where {@code callWork} says). */
  <T> void run(StreamObserver<T> out, Route route, Function<Caller, T> op) {
    String token = CallerToken.current();
    String address = CallerToken.clientAddress();
    submit(callWork, out, () -> pipeline.handle(token, address, route, op));
  }

  /** As {@link #run}, for a route that depends on the caller as well as the request. */
  <T> void runFor(StreamObserver<T> out, Function<Caller, Route> route, Function<Caller, T> op) {
    String token = CallerToken.current();
    String address = CallerToken.clientAddress();
    submit(callWork, out, () -> pipeline.handleFor(token, address, route, op));
  }

  /** As {@link #run}, for a route that depends on the request and may itself be refused. */
  <T> void run(StreamObserver<T> out, Supplier<Route> route, Function<Caller, T> op) {
    String token = CallerToken.current();
    String address = CallerToken.clientAddress();
    submit(callWork, out, () -> pipeline.handle(token, address, route, op));
  }

  /**
   * An authenticated call that may take long (tree revocations): never on the event loop. With a
   * blocking store it shares {@code callWork}, whose many threads let revocations commit together.
   */
  <T> void runSlow(StreamObserver<T> out, Route route, Function<Caller, T> op) {
    runSlow(out, () -> route, op);
  }

  /** As {@link #runSlow(StreamObserver, Route, Function)}, for a route built from the request. */
  <T> void runSlow(StreamObserver<T> out, Supplier<Route> route, Function<Caller, T> op) {
    String token = CallerToken.current();
    String address = CallerToken.clientAddress();
    submit(callWork != null ? callWork : slowWork, out,
        () -> pipeline.handle(token, address, route, op));
  }

  /** A call without a token that does not touch storage (seal status). */
  <T> void runUnauthenticated(StreamObserver<T> out, Supplier<T> op) {
    complete(out, op);
  }

  /**
   * A call that needs no token but does need an unsealed server (a login, the way in): any token
   * sent is ignored. {@code op} gets the client's address. It writes, so with a blocking store it
   * runs on {@code callWork} like any other call.
   */
  <T> void runLogin(StreamObserver<T> out, Function<String, T> op) {
    String address = CallerToken.clientAddress();
    submit(callWork, out, () -> {
      pipeline.checkUnsealed();
      return op.apply(address);
    });
  }

  /** A call without a token that touches storage or does slow crypto (init, unseal). */
  <T> void runUnauthenticatedSlow(StreamObserver<T> out, Supplier<T> op) {
    submit(callWork != null ? callWork : slowWork, out, op);
  }

  /** Runs {@code call} on {@code executor} ({@code null}: here) and completes {@code out}. */
  private static <T> void submit(Executor executor, StreamObserver<T> out, Supplier<T> call) {
    if (executor == null) {
      complete(out, call);
      return;
    }
    try {
      executor.execute(() -> complete(out, call));
    } catch (RejectedExecutionException e) {
      out.onError(ErrorMapper.status(com.google.rpc.Code.UNAVAILABLE, "OVERLOADED",
          "server is overloaded or shutting down"));
    }
  }

  private static <T> void complete(StreamObserver<T> out, Supplier<T> op) {
    T result;
    try {
      result = op.get();
    } catch (RuntimeException e) {
      out.onError(ErrorMapper.toStatus(e));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }
}
