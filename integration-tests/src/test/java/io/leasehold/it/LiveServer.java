package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.server.LeaseholdServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link LeaseholdServer} (Netty, ephemeral port on 127.0.0.1, wall clock, its own random
 * dev root token) per test, and a plaintext Netty channel to it. Register with
 * {@code @RegisterExtension}.
 */
public final class LiveServer implements BeforeEachCallback, AfterEachCallback {
  static final Metadata.Key<String> TOKEN_HEADER =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);

  private LeaseholdServer server;
  private ManagedChannel channel;

  @Override
  public void beforeEach(ExtensionContext context) {
    try {
      server = LeaseholdServer.builder()
          .listenAddress(new InetSocketAddress("127.0.0.1", 0))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  LeaseholdServer server() {
    return server;
  }

  ManagedChannel channel() {
    return channel;
  }

  /** The dev root token the server minted at start. */
  String rootToken() {
    return server.rootToken();
  }

  TokenServiceGrpc.TokenServiceBlockingStub tokens(String token) {
    Metadata md = new Metadata();
    md.put(TOKEN_HEADER, token);
    return TokenServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  TokenServiceGrpc.TokenServiceBlockingStub root() {
    return tokens(rootToken());
  }

  SysServiceGrpc.SysServiceBlockingStub sys(String token) {
    Metadata md = new Metadata();
    md.put(TOKEN_HEADER, token);
    return SysServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** An AppRole stub; without a token (null) for logins. */
  AppRoleServiceGrpc.AppRoleServiceBlockingStub appRole(String token) {
    AppRoleServiceGrpc.AppRoleServiceBlockingStub stub = AppRoleServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
    if (token == null) {
      return stub;
    }
    Metadata md = new Metadata();
    md.put(TOKEN_HEADER, token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }

  /** Asserts the exact status code, message and ErrorInfo (domain leasehold.io, reason). */
  static StatusRuntimeException refused(Status.Code code, String message, String reason,
      ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("expected %s %s", code, message).isNotNull();
    assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).isEqualTo(message);
    ErrorInfo info = errorInfo(e);
    assertThat(info.getDomain()).isEqualTo("leasehold.io");
    assertThat(info.getReason()).isEqualTo(reason);
    return e;
  }

  static void unauthenticated(ThrowingCallable call) {
    refused(Status.Code.UNAUTHENTICATED, "permission denied", "TOKEN_INVALID", call);
  }

  static void badToken(ThrowingCallable call) {
    refused(Status.Code.PERMISSION_DENIED, "bad token", "BAD_TOKEN", call);
  }

  static ErrorInfo errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("google.rpc.Status details of %s", e.getStatus()).isNotNull();
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException ex) {
          throw new AssertionError(ex);
        }
      }
    }
    throw new AssertionError("no ErrorInfo in " + e.getStatus());
  }
}
