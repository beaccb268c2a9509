package io.leasehold.server.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrsTest {
  @ParameterizedTest
  @CsvSource({"10.0.0.0/8,true", "127.0.0.1,true", "127.0.0.1/32,true", "10.0.0.0/33,false",
      "256.0.0.1,false", "1.2.3,false", "::1,true", "fe80::/10,true", "2001:db8::1/128,true",
      "2001:db8::1/129,false", "1:2:3:4:5:6:7:8,true", "1:2:3:4:5:6:7,false", "1::2::3,false",
      "::ffff:10.0.0.1,true", "example.com,false", "10.0.0.0/,false", "10.0.0.0/x,false"})
  void valid(String cidr, boolean expected) {
    assertThat(Cidrs.valid(cidr)).isEqualTo(expected);
  }
}
