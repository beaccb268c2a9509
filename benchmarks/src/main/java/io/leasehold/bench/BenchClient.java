package io.leasehold.bench;

import com.google.protobuf.Duration;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The generator's side of the connection: plaintext Netty channels with their own event-loop
 * threads (so client and in-process server never share one), callbacks run on those threads
 * ({@code directExecutor}: nothing blocks in them), retries off (they buffer every request). The
 * caller token travels per call as a {@link CallOptions} option that an interceptor turns into the
 * {@code x-leasehold-token} header, so one channel serves callers with different tokens.
 */
public final class BenchClient implements AutoCloseable {
  public static final Metadata.Key<String> TOKEN_HEADER =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);
  private static final CallOptions.Key<String> CALLER = CallOptions.Key.create("leasehold-caller-token");

  private final EventLoopGroup group;
  private final ManagedChannel[] channels;

  public BenchClient(String host, int port, int channelCount) {
    if (channelCount < 1) {
      throw new IllegalArgumentException("need at least one channel");
    }
    group = new MultiThreadIoEventLoopGroup(channelCount, NioIoHandler.newFactory());
    channels = new ManagedChannel[channelCount];
    for (int i = 0; i < channelCount; i++) {
      channels[i] =
          NettyChannelBuilder.forAddress(host, port)
              .usePlaintext()
              .eventLoopGroup(group)
              .channelType(NioSocketChannel.class)
              .directExecutor()
              .disableRetry()
              .intercept(new CallerTokenInterceptor())
              .build();
    }
  }

  /** Call options that send {@code token} as the caller's token (null: no token). */
  public static CallOptions as(String token) {
    return token == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withOption(CALLER, token);
  }

  /** The channel for in-flight slot {@code slot} (slots are spread over the channels). */
  public Channel channel(int slot) {
    return channels[slot % channels.length];
  }

  /** Starts one unary call. */
  public <Q, R> void call(
      int slot, MethodDescriptor<Q, R> method, CallOptions options, Q request, StreamObserver<R> observer) {
    ClientCalls.asyncUnaryCall(channel(slot).newCall(method, options), request, observer);
  }

  /** Starts one unary call reporting to an untyped observer (what {@link ClosedLoop} hands out). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <Q, R> void callUntyped(
      int slot, MethodDescriptor<Q, R> method, CallOptions options, Q request, StreamObserver<Object> observer) {
    call(slot, method, options, request, (StreamObserver) observer);
  }

  /** One blocking call (set-up and probes only, never on the measured path). */
  public <Q, R> R blocking(MethodDescriptor<Q, R> method, CallOptions options, Q request) {
    return ClientCalls.blockingUnaryCall(
        channel(0), method, options.withDeadlineAfter(120, TimeUnit.SECONDS), request);
  }

  /** A CreateTokenRequest for the given policies and TTL in seconds. */
  public static CreateTokenRequest createRequest(long ttlSeconds, String... policies) {
    return CreateTokenRequest.newBuilder()
        .addAllPolicies(java.util.List.of(policies))
        .setTtl(Duration.newBuilder().setSeconds(ttlSeconds))
        .setRenewable(true)
        .build();
  }

  /**
   * Creates {@code count} tokens through the API, {@code inFlight} calls at a time, token
   * {@code i} with {@code request.apply(i)} as caller {@code caller.apply(i)}. Returns their IDs in
   * order; fails on the first error.
   */
  public String[] createTokens(
      int count, IntFunction<String> caller, IntFunction<CreateTokenRequest> request, int inFlight)
      throws InterruptedException {
    String[] ids = new String[count];
    Semaphore permits = new Semaphore(inFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < count && failure.get() == null; i++) {
      if (!permits.tryAcquire(120, TimeUnit.SECONDS)) {
        throw new BenchException("creating tokens: no reply within 120 s");
      }
      int index = i;
      call(
          i,
          TokenServiceGrpc.getCreateTokenMethod(),
          as(caller.apply(i)),
          request.apply(i),
          new StreamObserver<CreateTokenResponse>() {
            @Override
            public void onNext(CreateTokenResponse response) {
              ids[index] = response.getAuth().getClientToken();
            }

            @Override
            public void onError(Throwable t) {
              failure.compareAndSet(null, t);
              permits.release();
            }

            @Override
            public void onCompleted() {
              permits.release();
            }
          });
    }
    if (!permits.tryAcquire(inFlight, 120, TimeUnit.SECONDS)) {
      throw new BenchException("creating tokens: no reply within 120 s");
    }
    if (failure.get() != null) {
      throw new BenchException("creating tokens failed: " + ClosedLoop.describe(failure.get()), failure.get());
    }
    return ids;
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    try {
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Puts the per-call caller token, if any, in the request headers. */
  private static final class CallerTokenInterceptor implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next) {
      String token = callOptions.getOption(CALLER);
      ClientCall<Q, R> call = next.newCall(method, callOptions);
      if (token == null) {
        return call;
      }
      return new SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<R> responseListener, Metadata headers) {
          headers.put(TOKEN_HEADER, token);
          super.start(responseListener, headers);
        }
      };
    }
  }
}
