package io.leasehold.server.core.seal;

import java.util.List;

/**
 * What {@code init} returns, once: the unseal keys (base64 and hex of the same bytes, in share
 * order) and the initial root token. None of it is stored anywhere.
 */
public record InitResult(List<String> keysBase64, List<String> keysHex, String rootToken) {
  public InitResult {
    keysBase64 = List.copyOf(keysBase64);
    keysHex = List.copyOf(keysHex);
  }

  @Override
  public String toString() {
    return "InitResult[" + keysBase64.size() + " keys, root token hidden]";
  }
}
