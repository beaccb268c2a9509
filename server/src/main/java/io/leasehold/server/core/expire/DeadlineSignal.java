package io.leasehold.server.core.expire;

import java.util.function.LongConsumer;

/**
 * Tells the expiration manager that a token deadline was written, so it can wake earlier than it
 * planned. Writers (creation, renewal) are built before the manager, hence this small go-between.
 */
public final class DeadlineSignal {
  private volatile LongConsumer listener = deadline -> { };

  /** Called by writers with the deadline (ms since the epoch) they just stored. */
  public void deadlineWritten(long deadlineMillis) {
    listener.accept(deadlineMillis);
  }

  /** Registers the one listener. */
  void listen(LongConsumer l) {
    this.listener = l;
  }
}
