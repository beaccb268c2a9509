package io.leasehold.server.storage;

/** One stored entry. The arrays are owned by the caller once returned; backends copy. */
public record KeyValue(byte[] key, byte[] value) {}
