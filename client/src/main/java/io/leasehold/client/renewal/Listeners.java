package io.leasehold.client.renewal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a listener so that its bugs cannot break the loop that calls it. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private Listeners() {}

  static void call(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      LOG.warn("renewal listener failed: {}", e.toString());
    }
  }
}
