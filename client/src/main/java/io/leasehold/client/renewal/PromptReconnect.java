package io.leasehold.client.renewal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * Makes the renewal loops' own backoff the only one between a server coming back and the next
 * call reaching it.
 *
 * <p>A gRPC channel that fails to connect waits before connecting again, and its wait grows (1 s,
 * 1.6 s, 2.6 s, ... up to 2 minutes); meanwhile every call fails at once without trying. After a
 * long outage a loop configured to retry every few seconds would thus keep failing for up to two
 * minutes after the server is back. This interceptor cuts the channel's wait short when a call is
 * made while the channel is in {@link ConnectivityState#TRANSIENT_FAILURE}: it starts a fresh
 * connection attempt at once. That call itself still fails (the channel reports failure until the
 * new connection is ready); the loop's next attempt, one backoff later, finds it ready. So a loop
 * is back at most two of its own backoffs after the server. Since the loops retry with their own
 * backoff (never a hot loop), connection attempts stay as sparse as their calls; the channel's
 * timer may add a few of its own, never more often than its backoff.
 */
public final class PromptReconnect implements ClientInterceptor {
  private final ManagedChannel channel;

  private PromptReconnect(ManagedChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /** {@code channel}, reconnecting at once when a call finds it failed. */
  public static Channel wrap(ManagedChannel channel) {
    return ClientInterceptors.intercept(channel, new PromptReconnect(channel));
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    return next.newCall(method, options);
  }
}
