package io.leasehold.server.config;

import java.net.InetSocketAddress;

/** Parses the address a server listens on: {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT}. */
public final class ListenAddress {
  private ListenAddress() {}

  /**
   * Parses and resolves {@code value}; {@code :PORT} means every interface, port 0 a free port.
   *
   * @throws IllegalArgumentException saying what is wrong, quoting the value
   */
  public static InetSocketAddress parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("'" + value + "' is not HOST:PORT");
    }
    String host = value.substring(0, colon);
    String portText = value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "'" + value + "': write an IPv6 address in brackets, e.g. [::1]:8200");
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535 || !portText.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "'" + value + "': the port must be a number from 0 to 65535");
    }
    InetSocketAddress address =
        host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("'" + value + "': cannot resolve host '" + host + "'");
    }
    return address;
  }
}
