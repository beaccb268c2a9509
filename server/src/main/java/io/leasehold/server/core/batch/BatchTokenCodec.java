package io.leasehold.server.core.batch;

import com.google.crypto.tink.Aead;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.internal.v1.BatchTokenClaims;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals and opens batch tokens: {@code b.} + base64url (no padding) of a format version byte and
 * the Tink AEAD ciphertext of the token's claims. The associated data binds the version and the
 * purpose, so neither a blob from another use of the keyset nor one relabelled with another version
 * opens. Anything that does not open exactly is simply not a token: {@link #open} never throws.
 */
public final class BatchTokenCodec {
  /** Prefix of every batch token. */
  public static final String PREFIX = "b.";

  static final byte VERSION = 1;
  private static final byte[] PURPOSE = "leasehold batch token".getBytes(StandardCharsets.UTF_8);
  /** Anything longer is garbage: a real token is a few hundred bytes. */
  private static final int MAX_LENGTH = 16 * 1024;

  private final BatchKeyset keyset;
  private final OpenedTokens opened = new OpenedTokens();

  public BatchTokenCodec(BatchKeyset keyset) {
    this.keyset = keyset;
  }

  /** Whether a presented token string is in batch form (whether or not it opens). */
  public static boolean isBatch(String token) {
    return token != null && token.startsWith(PREFIX);
  }

  /** Seals claims into a token string. */
  public String seal(BatchTokenClaims claims) {
    try {
      byte[] sealed = keyset.aead().encrypt(claims.toByteArray(), associatedData(VERSION));
      byte[] blob = new byte[sealed.length + 1];
      blob[0] = VERSION;
      System.arraycopy(sealed, 0, blob, 1, sealed.length);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(blob);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a batch token", e);
    }
  }

  /** Opens a token string; empty for anything that is not a token this cluster sealed. */
  public Optional<BatchTokenClaims> open(String token) {
    if (!isBatch(token) || token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Aead aead = keyset.aead();
    BatchTokenClaims known = opened.find(token, aead);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<BatchTokenClaims> claims = decrypt(token, aead);
    claims.ifPresent(c -> opened.remember(token, aead, c));
    return claims;
  }

  /** Forgets the claims of tokens opened so far (at seal: nothing of them stays in memory). */
  public void forgetOpened() {
    opened.clear();
  }

  private static Optional<BatchTokenClaims> decrypt(String token, Aead aead) {
    byte[] blob;
    try {
      blob = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (blob.length < 2 || blob[0] != VERSION) {
      return Optional.empty();
    }
    if (!canonical(token, blob.length)) {
      return Optional.empty();
    }
    try {
      byte[] plain = aead.decrypt(Arrays.copyOfRange(blob, 1, blob.length),
          associatedData(blob[0]));
      return Optional.of(BatchTokenClaims.parseFrom(plain));
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      return Optional.empty();
    }
  }

  /**
   * One token, one spelling: refuses the other strings that decode to the same bytes (padding,
   * non-zero unused low bits in the last character), so a changed token never opens.
   */
  private static boolean canonical(String token, int decodedLength) {
    int chars = token.length() - PREFIX.length();
    if (chars != (decodedLength * 4 + 2) / 3) {
      return false; // padding or other extra characters
    }
    int unusedBits = switch (decodedLength % 3) {
      case 1 -> 4;
      case 2 -> 2;
      default -> 0;
    };
    if (unusedBits == 0) {
      return true;
    }
    int last = URL_ALPHABET.indexOf(token.charAt(token.length() - 1));
    return last >= 0 && (last & ((1 << unusedBits) - 1)) == 0;
  }

  private static final String URL_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private static byte[] associatedData(byte version) {
    byte[] ad = Arrays.copyOf(PURPOSE, PURPOSE.length + 1);
    ad[PURPOSE.length] = version;
    return ad;
  }
}
