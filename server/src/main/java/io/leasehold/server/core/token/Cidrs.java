package io.leasehold.server.core.token;

import java.util.regex.Pattern;

/** Validates CIDR blocks (and bare addresses) without ever resolving a host name. */
public final class Cidrs {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private Cidrs() {}

  /** Whether {@code text} is an IPv4 or IPv6 address with an optional {@code /prefix}. */
  public static boolean valid(String text) {
    String addr = text;
    int bits = -1;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      addr = text.substring(0, slash);
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      bits = Integer.parseInt(p);
    }
    if (IPV4.matcher(addr).matches()) {
      return bits <= 32;
    }
    if (addr.contains(":") && IPV6_CHARS.matcher(addr).matches() && validIpv6(addr)) {
      return bits <= 128;
    }
    return false;
  }

  private static boolean validIpv6(String addr) {
    int doubleColon = addr.indexOf("::");
    if (doubleColon >= 0 && addr.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] groups = addr.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        continue;
      }
      if (i == groups.length - 1 && g.contains(".")) {
        if (!IPV4.matcher(g).matches()) {
          return false;
        }
        count += 2;
        continue;
      }
      if (g.length() > 4 || g.contains(".")) {
        return false;
      }
      count++;
    }
    return doubleColon >= 0 ? count < 8 : count == 8 && !addr.startsWith(":") && !addr.endsWith(":");
  }
}
