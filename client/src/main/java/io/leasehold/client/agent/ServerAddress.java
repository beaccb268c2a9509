package io.leasehold.client.agent;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A server address as users write it ({@code 127.0.0.1:8200}, {@code http://host:8200}, as in
 * {@code VAULT_ADDR}) turned into a gRPC target ({@code host:port}). The server speaks plaintext
 * gRPC for now, so {@code https://} is refused rather than silently sent in the clear.
 */
final class ServerAddress {
  private ServerAddress() {}

  /**
   * The {@code host:port} target for {@code address}.
   *
   * @throws IllegalArgumentException naming the address when it is not usable
   */
  static String target(String address) {
    String rest = address;
    if (address.regionMatches(true, 0, "https://", 0, 8)) {
      throw new IllegalArgumentException("server address " + quote(address)
          + ": TLS is not supported yet; use http://host:port or host:port");
    }
    if (address.regionMatches(true, 0, "http://", 0, 7)) {
      rest = address.substring(7);
    }
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    try {
      URI uri = new URI("http://" + rest);
      if (uri.getHost() == null || uri.getPort() < 0 || !uri.getRawPath().isEmpty()
          || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
        throw new URISyntaxException(rest, "not host:port");
      }
      return uri.getHost() + ":" + uri.getPort();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("server address " + quote(address)
          + " is not host:port or http://host:port");
    }
  }

  private static String quote(String text) {
    return "\"" + ConfigBody.shorten(text) + "\"";
  }
}
