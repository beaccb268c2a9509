package io.leasehold.client.renewal;

/**
 * The AppRole login call ({@code auth/approle/login}): one attempt with a deadline, no retries.
 * Its gRPC implementation is {@link GrpcAppRoleLogin}; tests use a fake.
 */
public interface AppRoleLogin {

  /**
   * Logs in with {@code roleId} and {@code secretId} ({@code null} when the role does not bind a
   * secret ID).
   *
   * @throws io.grpc.StatusRuntimeException the server's refusal or a transport failure
   */
  Login login(String roleId, String secretId);
}
