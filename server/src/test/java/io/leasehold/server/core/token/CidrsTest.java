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

  @ParameterizedTest
  @CsvSource({"10.0.0.0/8,10.255.1.2,true", "10.0.0.0/8,11.0.0.1,false",
      "192.168.1.7,192.168.1.7,true", "192.168.1.7,192.168.1.8,false",
      "172.16.0.0/12,172.31.255.255,true", "172.16.0.0/12,172.32.0.0,false",
      "0.0.0.0/0,8.8.8.8,true", "::1/128,::1,true", "fe80::/10,fe80::1,true",
      "fe80::/10,fec0::1,false", "10.0.0.0/8,::ffff:10.0.0.1,true",
      "::ffff:10.0.0.0/104,10.0.0.9,true", "10.0.0.0/8,localhost,false"})
  void allows(String cidr, String address, boolean expected) {
    assertThat(Cidrs.allows(java.util.List.of(cidr), address)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void allows_emptyListAllowsAll_nullAddressMatchesNothing() {
    assertThat(Cidrs.allows(java.util.List.of(), null)).isTrue();
    assertThat(Cidrs.allows(java.util.List.of("10.0.0.0/8"), null)).isFalse();
  }
}
