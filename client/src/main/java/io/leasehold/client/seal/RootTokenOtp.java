package io.leasehold.client.seal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one-time-pad encoding of a root token made by generate-root (Vault's OTP flow): the server
 * returns {@code base64(token XOR otp)} (standard alphabet, no padding), where {@code otp} is the
 * pad it handed out when the attempt started, as long as the token. Only the holder of the pad can
 * read the token, so it may travel through logs and terminals of the key holders.
 */
public final class RootTokenOtp {
  private RootTokenOtp() {}

  /**
   * Encodes {@code token} with {@code otp}.
   *
   * @throws IllegalArgumentException if their lengths differ
   */
  public static String encode(String token, String otp) {
    byte[] mixed = xor(token.getBytes(StandardCharsets.UTF_8),
        otp.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().withoutPadding().encodeToString(mixed);
  }

  /**
   * Decodes an encoded token with the pad it was encoded with (padded base64 is accepted too).
   *
   * @throws IllegalArgumentException if {@code encoded} is not base64 or its length does not
   *     match the pad's
   */
  public static String decode(String encoded, String otp) {
    byte[] mixed;
    try {
      mixed = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the encoded token is not valid base64", e);
    }
    return new String(xor(mixed, otp.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static byte[] xor(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "the one-time pad is " + b.length + " bytes long but the token is " + a.length);
    }
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
