package io.leasehold.client.renewal;

import io.grpc.Channel;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link AppRoleLogin} over gRPC: {@code AppRoleService/Login} on the {@code approle/} mount. Login
 * is the way in, so the call carries no token; each call is bounded by the deadline given here.
 * Failures surface as the call's {@link io.grpc.StatusRuntimeException}, which {@link Failure}
 * classifies by code and reason.
 */
public final class GrpcAppRoleLogin implements AppRoleLogin {
  /** The mount the agent logs in through (Vault Agent's default {@code auth/approle}). */
  static final String MOUNT = "approle";

  private final Channel channel;
  private final Duration deadline;

  /** Logins over {@code channel}, each bounded by {@code deadline}. */
  public GrpcAppRoleLogin(Channel channel, Duration deadline) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  @Override
  public Login login(String roleId, String secretId) {
    TokenAuth auth = AppRoleServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .login(AppRoleLoginRequest.newBuilder()
            .setMount(MOUNT)
            .setRoleId(roleId)
            .setSecretId(secretId)
            .build())
        .getAuth();
    Duration ttl = Duration.ofSeconds(auth.getLeaseDuration().getSeconds(), auth.getLeaseDuration().getNanos());
    return new Login(auth.getClientToken(), TokenLease.of(ttl.isNegative() ? Duration.ZERO : ttl, auth.getRenewable()),
        auth.getTokenType() != TokenType.TOKEN_TYPE_BATCH);
  }
}
