package io.leasehold.server.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyNamesTest {
  @Test
  void sanitize_lowercasesTrimsDedupesSorts_andCollapsesRoot() {
    assertThat(PolicyNames.sanitize(List.of("B", " a", "b", ""), true))
        .containsExactly("a", "b", "default");
    assertThat(PolicyNames.sanitize(List.of("foo", "ROOT"), true)).containsExactly("root");
    assertThat(PolicyNames.sanitize(List.of(), false)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"team-*,team-a,true", "team-*,team-,true", "team-*,tea,false", "*-dev,app-dev,true",
      "a*b*c,aXbYc,true", "a*b*c,acb,false", "exact,exact,true", "exact,exactly,false",
      "*,anything,true", "ab*ba,aba,false"})
  void globMatches(String pattern, String value, boolean expected) {
    assertThat(PolicyNames.globMatches(pattern, value)).isEqualTo(expected);
  }
}
