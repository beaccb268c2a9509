package io.leasehold.client;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process gRPC server with the test's own service implementations, recording each call's
 * method, token header and deadline. The client module cannot depend on the server module, so
 * its tests fake the server's answers (real-server tests live in integration-tests).
 */
public final class FakeLeasehold implements AutoCloseable {
  /** One call as the server saw it. */
  public record Call(String method, String token, Deadline deadline) {}

  private final Server server;
  private final ManagedChannel channel;
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  public FakeLeasehold(BindableService... services) throws IOException {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder b = InProcessServerBuilder.forName(name).directExecutor();
    ServerInterceptor recorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        calls.add(new Call(call.getMethodDescriptor().getBareMethodName(),
            headers.get(TokenCredentials.HEADER), Context.current().getDeadline()));
        return next.startCall(call, headers);
      }
    };
    for (BindableService s : services) {
      b.addService(ServerInterceptors.intercept(s, recorder));
    }
    server = b.build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  public ManagedChannel channel() {
    return channel;
  }

  public List<Call> calls() {
    return calls;
  }

  /** A refusal as the real server sends it: status, message, ErrorInfo (leasehold.io, reason). */
  public static StatusRuntimeException refusal(Code code, String reason, String message) {
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber()).setMessage(message)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setDomain("leasehold.io").setReason(reason)
            .build()))
        .build());
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
