package io.leasehold.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the server listens, parsed from {@code host:port}, {@code http://host:port} (plaintext)
 * or {@code https://host:port} (TLS). A bare {@code host:port} is plaintext, like the dev server's
 * {@code LEASEHOLD_ADDR}; a missing port is 8200.
 *
 * @param host host name or IP literal (IPv6 without brackets)
 * @param port TCP port
 * @param tls whether to use TLS
 */
public record ServerAddress(String host, int port, boolean tls) {
  /** Vault's and Leasehold's default port. */
  public static final int DEFAULT_PORT = 8200;

  /** The dev server's address, used when nothing else is configured. */
  public static final ServerAddress DEFAULT = new ServerAddress("127.0.0.1", DEFAULT_PORT, false);

  public ServerAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("missing host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses an address as users write it.
   *
   * @throws IllegalArgumentException with a message naming the accepted forms
   */
  public static ServerAddress parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    boolean tls = false;
    String rest = s;
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      String name = s.substring(0, scheme).toLowerCase(java.util.Locale.ROOT);
      if (name.equals("https")) {
        tls = true;
      } else if (!name.equals("http")) {
        throw invalid(text, "scheme must be http or https");
      }
      rest = s.substring(scheme + 3);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash); // a path (e.g. a copied ".../v1") means nothing to gRPC
    }
    try {
      URI uri = new URI(null, rest, null, null, null).parseServerAuthority();
      String host = uri.getHost();
      if (host == null) {
        throw invalid(text, "missing host");
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new ServerAddress(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), tls);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw invalid(text, e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid server address '" + text + "' (" + why
        + "); use host:port, http://host:port or https://host:port");
  }

  /** {@code host:port}, IPv6 hosts bracketed. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "") + authority();
  }
}
