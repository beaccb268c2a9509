package io.leasehold.client.cli;

import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The CLI's exit codes, Vault's convention (which is the reverse of picocli's defaults): 0 success,
 * 1 a local error (bad flags or arguments, failed validation, anything that went wrong on this
 * side), 2 a remote error (the server refused or failed the request, or could not be reached).
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** Bad flags or arguments, failed validation, or another failure on this side. */
  public static final int LOCAL_ERROR = 1;

  /** The server refused or failed the request, or could not be reached. */
  public static final int REMOTE_ERROR = 2;

  private ExitCodes() {}

  /**
   * The exit code for a command that failed with {@code failure}: {@link #REMOTE_ERROR} when a gRPC
   * status ({@link StatusRuntimeException} or {@link StatusException}) is anywhere in its cause
   * chain, {@link #LOCAL_ERROR} otherwise.
   */
  public static int forException(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof StatusRuntimeException || t instanceof StatusException) {
        return REMOTE_ERROR;
      }
    }
    return LOCAL_ERROR;
  }
}
