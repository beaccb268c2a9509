package io.leasehold.server.core.auth.approle;

import io.leasehold.server.core.token.Cidrs;
import java.util.List;

/** Whether one CIDR block lies inside another: a secret ID may only narrow its role's blocks. */
final class CidrSubsets {
  private CidrSubsets() {}

  /**
   * Whether {@code cidr} (already checked valid) lies within one of {@code outer}; an empty
   * {@code outer} allows everything.
   */
  static boolean within(String cidr, List<String> outer) {
    if (outer.isEmpty()) {
      return true;
    }
    String address = address(cidr);
    int bits = bits(cidr);
    for (String o : outer) {
      if (bits >= bits(o) && Cidrs.allows(List.of(o), address)) {
        return true;
      }
    }
    return false;
  }

  private static String address(String cidr) {
    int slash = cidr.indexOf('/');
    return slash < 0 ? cidr : cidr.substring(0, slash);
  }

  private static int bits(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash >= 0) {
      return Integer.parseInt(cidr.substring(slash + 1));
    }
    return cidr.contains(":") ? 128 : 32;
  }
}
