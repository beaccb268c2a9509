package io.leasehold.client.renewal;

import com.google.protobuf.Duration;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.RenewSelfRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc.TokenServiceBlockingStub;
import io.leasehold.proto.v1.TokenType;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@link TokenSession} over the generated {@code TokenService} stubs: every call carries the token
 * as {@code x-leasehold-token} call credentials and a deadline, and makes one attempt (the loop
 * retries).
 */
public final class GrpcTokenSession implements TokenSession {
  static final Metadata.Key<String> TOKEN_HEADER =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenServiceBlockingStub stub;
  private final long deadlineNanos;

  /** A session over {@code channel} whose calls each give up after {@code deadline}. */
  public GrpcTokenSession(Channel channel, java.time.Duration deadline) {
    this.stub = TokenServiceGrpc.newBlockingStub(Objects.requireNonNull(channel, "channel"));
    this.deadlineNanos = deadline.toNanos();
    if (deadlineNanos <= 0) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
  }

  @Override
  public TokenLease lookupSelf(String token) {
    TokenInfo info = as(token).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData();
    boolean renewable =
        info.getType() != TokenType.TOKEN_TYPE_BATCH && info.hasRenewable() && info.getRenewable();
    return new TokenLease(
        toJava(info.getTtl()),
        renewable,
        toJava(info.getPeriod()),
        toJava(info.getExplicitMaxTtl()),
        java.util.List.of());
  }

  @Override
  public TokenLease renewSelf(String token, java.time.Duration increment) {
    RenewSelfRequest.Builder request = RenewSelfRequest.newBuilder();
    if (!increment.isZero()) {
      request.setIncrement(Duration.newBuilder().setSeconds(increment.getSeconds()));
    }
    RenewTokenResponse response = as(token).renewSelf(request.build());
    TokenAuth auth = response.getAuth();
    return new TokenLease(
        toJava(auth.getLeaseDuration()),
        auth.getRenewable() && auth.getTokenType() != TokenType.TOKEN_TYPE_BATCH,
        java.time.Duration.ZERO,
        java.time.Duration.ZERO,
        response.getWarningsList());
  }

  @Override
  public void revokeSelf(String token) {
    as(token).revokeSelf(RevokeSelfRequest.getDefaultInstance());
  }

  private TokenServiceBlockingStub as(String token) {
    return stub.withCallCredentials(new TokenCredentials(token))
        .withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS);
  }

  /** A proto duration as Java's; a negative one (never sent) as zero. */
  private static java.time.Duration toJava(Duration d) {
    java.time.Duration value = java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    return value.isNegative() ? java.time.Duration.ZERO : value;
  }

  /** Puts the token in the metadata; {@link #toString} never shows it. */
  private static final class TokenCredentials extends CallCredentials {
    private final String token;

    TokenCredentials(String token) {
      this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      if (!isHeaderSafe(token)) {
        // Characters a header cannot carry: refuse here, without echoing the token anywhere.
        applier.fail(Status.UNAUTHENTICATED.withDescription(
            "the token contains characters that cannot be sent in a header"));
        return;
      }
      Metadata headers = new Metadata();
      headers.put(TOKEN_HEADER, token);
      applier.apply(headers);
    }

    private static boolean isHeaderSafe(String value) {
      if (value.isEmpty()) {
        return false;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x21 || c > 0x7e) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return "TokenCredentials[<hidden>]";
    }
  }
}
