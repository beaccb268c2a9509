package io.leasehold.client.agent;

/** A configuration file the agent cannot use; the message starts with {@code file:line:column}. */
public final class AgentConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A problem at a place in a file, or (with a null place) with the file as a whole. */
  AgentConfigException(String file, io.leasehold.hcl.Position at, String problem) {
    super(at == null ? file + ": " + problem : file + ":" + at + ": " + problem);
  }
}
