package io.leasehold.client.renewal;

import java.time.Duration;

/**
 * The three token calls a renewal loop makes, for any token it is given. Implementations make
 * exactly one attempt per call, bounded by a deadline; retrying is the loop's job, so a failure is
 * thrown as it came (a gRPC {@link io.grpc.StatusRuntimeException}, which {@link Failure}
 * classifies).
 */
public interface TokenSession {

  /** {@code auth/token/lookup-self} as {@code token}: its remaining TTL, renewability, period. */
  TokenLease lookupSelf(String token);

  /**
   * {@code auth/token/renew-self} as {@code token}. {@code increment} is the TTL wanted from now
   * ({@link Duration#ZERO}: the server's choice); the server may grant less.
   */
  TokenLease renewSelf(String token, Duration increment);

  /** {@code auth/token/revoke-self} as {@code token}. */
  void revokeSelf(String token);
}
