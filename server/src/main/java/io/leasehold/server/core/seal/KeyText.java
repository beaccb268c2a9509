package io.leasehold.server.core.seal;

import io.leasehold.server.core.LeaseholdException;
import java.util.Base64;
import java.util.HexFormat;

/** Unseal keys as clients send them: hex or base64 (Vault tries hex first), with Vault's texts. */
final class KeyText {
  /** A root key alone (threshold 1). */
  static final int MIN_BYTES = Keyring.ROOT_KEY_BYTES;
  /** A share: the root key's length plus its index byte. */
  static final int MAX_BYTES = Keyring.ROOT_KEY_BYTES + 1;

  private KeyText() {}

  /**
   * Decodes one key.
   *
   * @param missingText the error when {@code text} is empty (it differs per endpoint in Vault)
   */
  static byte[] decode(String text, String missingText) {
    if (text == null || text.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_KEY", missingText);
    }
    byte[] key;
    try {
      key = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException notHex) {
      try {
        key = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException notBase64) {
        throw LeaseholdException.invalid("MALFORMED_KEY",
            "'key' must be a valid hex or base64 string");
      }
    }
    if (key.length < MIN_BYTES) {
      throw LeaseholdException.invalid("INVALID_KEY_LENGTH",
          "invalid key: key is shorter than minimum " + MIN_BYTES + " bytes");
    }
    if (key.length > MAX_BYTES) {
      throw LeaseholdException.invalid("INVALID_KEY_LENGTH",
          "invalid key: key is longer than maximum " + MAX_BYTES + " bytes");
    }
    return key;
  }
}
