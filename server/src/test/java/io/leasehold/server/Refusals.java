package io.leasehold.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.server.core.LeaseholdException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that the core refuses something with an exact kind and message. */
public final class Refusals {
  private Refusals() {}

  public static void refused(LeaseholdException.Kind kind, String message, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(LeaseholdException.class)
        .hasMessage(message)
        .satisfies(e -> org.assertj.core.api.Assertions
            .assertThat(((LeaseholdException) e).kind()).isEqualTo(kind));
  }

  public static void invalid(String message, ThrowingCallable call) {
    refused(LeaseholdException.Kind.INVALID_ARGUMENT, message, call);
  }

  public static void precondition(String message, ThrowingCallable call) {
    refused(LeaseholdException.Kind.FAILED_PRECONDITION, message, call);
  }
}
