package io.leasehold.server.core.seal;

/**
 * The state of a generate-root attempt (Vault's {@code sys/generate-root/attempt} fields). The
 * {@code otp} is set only in the answer that started the attempt, {@code encodedToken} only in the
 * answer to the key that completed it.
 */
public record GenerateRootStatus(
    boolean started,
    String nonce,
    int progress,
    int required,
    boolean complete,
    String encodedToken,
    String otp,
    int otpLength) {

  @Override
  public String toString() {
    return "GenerateRootStatus[started=" + started + ", progress=" + progress + "/" + required
        + ", complete=" + complete + "]";
  }
}
