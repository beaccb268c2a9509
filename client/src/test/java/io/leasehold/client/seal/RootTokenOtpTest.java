package io.leasehold.client.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RootTokenOtpTest {
  private static final String TOKEN = "s.AbCdEfGhIjKlMnOpQrStUvWx";
  private static final String PAD = "0123456789abcdefghijABCDEF";

  @Test
  void encode_isUnpaddedBase64OfTheXor_decodeInvertsIt() {
    String encoded = RootTokenOtp.encode(TOKEN, PAD);

    byte[] mixed = Base64.getDecoder().decode(encoded);
    byte[] token = TOKEN.getBytes(StandardCharsets.UTF_8);
    byte[] pad = PAD.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < mixed.length; i++) {
      assertThat((byte) (mixed[i] ^ pad[i])).isEqualTo(token[i]);
    }
    assertThat(encoded).doesNotContain("=").doesNotContain(TOKEN);
    assertThat(RootTokenOtp.decode(encoded, PAD)).isEqualTo(TOKEN);
  }

  @Test
  void decode_acceptsPaddingAndSurroundingWhitespace() {
    String padded = Base64.getEncoder().encodeToString(
        Base64.getDecoder().decode(RootTokenOtp.encode(TOKEN, PAD)));

    assertThat(padded).endsWith("=");
    assertThat(RootTokenOtp.decode(" " + padded + "\n", PAD)).isEqualTo(TOKEN);
  }

  @Test
  void lengthsMustMatch_andInputMustBeBase64() {
    assertThatThrownBy(() -> RootTokenOtp.encode(TOKEN, "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one-time pad is 5 bytes long but the token is 26");
    assertThatThrownBy(() -> RootTokenOtp.decode(RootTokenOtp.encode(TOKEN, PAD), "short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RootTokenOtp.decode("not base64!", PAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the encoded token is not valid base64");
  }
}
