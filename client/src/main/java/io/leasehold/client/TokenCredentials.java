package io.leasehold.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;

/**
 * Sends a Leasehold token with every call, in the {@code x-leasehold-token} header the server
 * reads. An empty token sends nothing, so the server answers "permission denied" on its own terms.
 */
public final class TokenCredentials extends CallCredentials {
  /** The metadata key the server reads the caller's token from. */
  public static final Metadata.Key<String> HEADER =
      Metadata.Key.of("x-leasehold-token", Metadata.ASCII_STRING_MARSHALLER);

  private final String token;

  public TokenCredentials(String token) {
    this.token = token == null ? "" : token;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    if (!token.isEmpty()) {
      try {
        headers.put(HEADER, token);
      } catch (IllegalArgumentException e) {
        // Not sendable as a header (e.g. a line break pasted into the token).
        applier.fail(Status.UNAUTHENTICATED.withDescription(
            "the token contains characters that cannot be sent"));
        return;
      }
    }
    applier.apply(headers);
  }

  @Override
  public String toString() {
    return "TokenCredentials[token=<redacted>]"; // never the token itself
  }
}
