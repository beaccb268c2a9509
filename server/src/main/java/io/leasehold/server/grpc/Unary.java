package io.leasehold.server.grpc;

import io.grpc.stub.StreamObserver;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.core.request.RequestPipeline;
import io.leasehold.server.core.request.Route;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Runs one unary call through the request pipeline and completes it, mapping every failure. */
final class Unary {
  private final RequestPipeline pipeline;
  private final Executor slowWork;

  Unary(RequestPipeline pipeline, Executor slowWork) {
    this.pipeline = pipeline;
    this.slowWork = slowWork;
  }

  /** An authenticated call, run on the calling thread (cheap, non-blocking work). */
  <T> void run(StreamObserver<T> out, Route route, Function<Caller, T> op) {
    complete(out,
        () -> pipeline.handle(CallerToken.current(), CallerToken.clientAddress(), route, op));
  }

  /** As {@link #run}, for a route that depends on the caller as well as the request. */
  <T> void runFor(StreamObserver<T> out, Function<Caller, Route> route, Function<Caller, T> op) {
    complete(out, () -> pipeline.handleFor(CallerToken.current(), CallerToken.clientAddress(),
        route, op));
  }

  /** As {@link #run}, for a route that depends on the request and may itself be refused. */
  <T> void run(StreamObserver<T> out, Supplier<Route> route, Function<Caller, T> op) {
    complete(out, () -> pipeline.handle(CallerToken.current(), CallerToken.clientAddress(),
        route, op));
  }

  /** An authenticated call that may take long (tree revocations): run off the event loop. */
  <T> void runSlow(StreamObserver<T> out, Route route, Function<Caller, T> op) {
    String token = CallerToken.current();
    String address = CallerToken.clientAddress();
    try {
      slowWork.execute(() -> complete(out, () -> pipeline.handle(token, address, route, op)));
    } catch (RejectedExecutionException e) {
      out.onError(shuttingDown());
    }
  }

  private static io.grpc.StatusRuntimeException shuttingDown() {
    return ErrorMapper.status(com.google.rpc.Code.UNAVAILABLE, "SHUTTING_DOWN",
        "server is shutting down");
  }

  /** A call without a token (seal status). */
  <T> void runUnauthenticated(StreamObserver<T> out, Supplier<T> op) {
    complete(out, op);
  }

  /** A call without a token that touches storage or does slow crypto (init, unseal). */
  <T> void runUnauthenticatedSlow(StreamObserver<T> out, Supplier<T> op) {
    try {
      slowWork.execute(() -> complete(out, op));
    } catch (RejectedExecutionException e) {
      out.onError(shuttingDown());
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
