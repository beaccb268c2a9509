package io.leasehold.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;

/**
 * Reads the caller's token from the metadata ({@code x-leasehold-token}, or
 * {@code authorization: Bearer <token>}) and the client's IP address into the call's context. Deciding whether the token is any
 * good is the request pipeline's job, not this interceptor's.
 */
final class CallerToken implements ServerInterceptor {
  static final Metadata.Key<String> TOKEN_HEADER =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> TOKEN = Context.key("leasehold-token");
  private static final Context.Key<String> CLIENT_ADDRESS = Context.key("leasehold-client-address");
  private static final String BEARER = "bearer ";

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String token = headers.get(TOKEN_HEADER);
    if (token == null) {
      String auth = headers.get(AUTHORIZATION);
      if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        token = auth.substring(BEARER.length()).strip();
      }
    }
    String address = null;
    if (call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR) instanceof InetSocketAddress a
        && a.getAddress() != null) {
      address = a.getAddress().getHostAddress();
    }
    Context ctx = Context.current().withValue(CLIENT_ADDRESS, address);
    if (token != null) {
      ctx = ctx.withValue(TOKEN, token.strip());
    }
    return Contexts.interceptCall(ctx, call, headers, next);
  }

  /** The current call's client IP address, or null when the transport has none. */
  static String clientAddress() {
    return CLIENT_ADDRESS.get();
  }

  /** The current call's token, or empty. */
  static String current() {
    String t = TOKEN.get();
    return t == null ? "" : t;
  }
}
