package io.leasehold.server.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenIdsTest {
  private final TokenIds ids = new TokenIds(new SecureRandom());

  @Test
  void serviceTokensAndAccessors_haveVaultsShape() {
    assertThat(ids.newServiceTokenId()).matches("s\\.[0-9A-Za-z]{24}");
    assertThat(ids.newAccessor()).matches("[0-9A-Za-z]{24}");
  }

  @Test
  void everyBase62CharacterAppears_andIdsDoNotRepeat() {
    Set<Character> seen = new HashSet<>();
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String a = ids.newAccessor();
      all.add(a);
      for (char c : a.toCharArray()) {
        seen.add(c);
      }
    }
    assertThat(all).hasSize(2_000);
    assertThat(seen).hasSize(62);
  }

  @Test
  void rejectedBytesAreRedrawn() {
    // A source that returns mostly unusable bytes (>= 248) still yields full-length IDs.
    SecureRandom stingy = new SecureRandom() {
      private static final long serialVersionUID = 1L;
      private int calls;

      @Override
      public void nextBytes(byte[] bytes) {
        calls++;
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) (i % 4 == 0 ? 61 + calls : 0xFF);
        }
      }
    };
    String id = new TokenIds(stingy).newAccessor();
    assertThat(id).hasSize(24).matches("[0-9A-Za-z]{24}");
  }
}
