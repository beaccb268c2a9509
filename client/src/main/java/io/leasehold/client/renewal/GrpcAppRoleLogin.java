package io.leasehold.client.renewal;

import io.grpc.Channel;
import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link AppRoleLogin} over gRPC: NOT WIRED YET. The AppRole service and its proto
 * ({@code leasehold/v1/approle.proto}) are being written on another branch; until they are
 * merged this class refuses every login with UNIMPLEMENTED, so the agent fails with a clear
 * message instead of guessing a wire format.
 *
 * <p>To wire it once the proto lands: build the generated blocking stub from {@link #channel}
 * with {@code withDeadlineAfter(deadline)} (no call credentials: login is unauthenticated), send
 * the role ID and secret ID, and return {@code new Login(auth.client_token,
 * TokenLease.of(auth.lease_duration, auth.renewable), auth.token_type != BATCH)}.
 */
public final class GrpcAppRoleLogin implements AppRoleLogin {
  private final Channel channel;
  private final Duration deadline;

  /** Logins over {@code channel}, each bounded by {@code deadline}. */
  public GrpcAppRoleLogin(Channel channel, Duration deadline) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  @Override
  public Login login(String roleId, String secretId) {
    throw Status.UNIMPLEMENTED
        .withDescription(
            "AppRole login is not available in this build (the AppRole API is not wired yet);"
                + " deadline " + deadline + " on " + channel.authority())
        .asRuntimeException();
  }
}
