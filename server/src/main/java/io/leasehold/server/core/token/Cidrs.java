package io.leasehold.server.core.token;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Validates and matches CIDR blocks (and bare addresses) without ever resolving a host name. */
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

  /**
   * Whether {@code address} (an IP literal, never a host name) lies in one of {@code cidrs}. An
   * empty list allows every address; a null or unparseable address matches nothing.
   */
  public static boolean allows(List<String> cidrs, String address) {
    if (cidrs.isEmpty()) {
      return true;
    }
    byte[] addr = literal(address);
    if (addr == null) {
      return false;
    }
    for (String c : cidrs) {
      int slash = c.indexOf('/');
      byte[] net = literal(slash < 0 ? c : c.substring(0, slash));
      if (net == null || !valid(c)) {
        continue;
      }
      int bits = slash < 0 ? net.length * 8 : Integer.parseInt(c.substring(slash + 1));
      if (bits > net.length * 8) {
        continue;
      }
      if (samePrefix(net, mapped(addr, net.length), bits)) {
        return true;
      }
    }
    return false;
  }

  /** The bytes of an IP literal, or null. Checks the syntax first so no name is ever resolved. */
  private static byte[] literal(String text) {
    if (text == null || (!IPV4.matcher(text).matches()
        && !(text.contains(":") && IPV6_CHARS.matcher(text).matches() && validIpv6(text)))) {
      return null;
    }
    try {
      byte[] bytes = InetAddress.getByName(text).getAddress();
      // Java turns an IPv4-mapped IPv6 literal into IPv4; keep the family that was written.
      return text.contains(":") && bytes.length == 4 ? mapped(bytes, 16) : bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An IPv4 address as IPv4-mapped IPv6 when compared with an IPv6 network, and back. */
  private static byte[] mapped(byte[] addr, int length) {
    if (addr.length == length) {
      return addr;
    }
    if (addr.length == 4) {
      byte[] v6 = new byte[16];
      v6[10] = (byte) 0xFF;
      v6[11] = (byte) 0xFF;
      System.arraycopy(addr, 0, v6, 12, 4);
      return v6;
    }
    boolean isMapped = true;
    for (int i = 0; i < 10; i++) {
      isMapped &= addr[i] == 0;
    }
    isMapped &= addr[10] == (byte) 0xFF && addr[11] == (byte) 0xFF;
    return isMapped ? Arrays.copyOfRange(addr, 12, 16) : null;
  }

  private static boolean samePrefix(byte[] net, byte[] addr, int bits) {
    if (addr == null) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
        return false;
      }
    }
    return true;
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
