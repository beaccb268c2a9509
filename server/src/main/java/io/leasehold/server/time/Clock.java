package io.leasehold.server.time;

/**
 * The one source of time. Production uses {@link #system()}; tests pass a fake clock that they
 * advance. No other production class reads the wall clock.
 */
@FunctionalInterface
public interface Clock {
  /** Milliseconds since the Unix epoch. */
  long millis();

  /** The wall clock. */
  static Clock system() {
    return System::currentTimeMillis;
  }
}
