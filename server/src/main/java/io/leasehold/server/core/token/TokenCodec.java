package io.leasehold.server.core.token;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.internal.v1.StoredAccessor;
import io.leasehold.server.internal.v1.StoredToken;

/** Converts token entries to and from their persisted form. */
final class TokenCodec {
  private TokenCodec() {}

  static byte[] encode(TokenEntry e) {
    return StoredToken.newBuilder()
        .setAccessor(e.accessor())
        .setParentHash(e.parentHash())
        .addAllPolicies(e.policies())
        .setPath(e.path())
        .putAllMeta(e.meta())
        .setDisplayName(e.displayName())
        .setNumUses(e.numUses())
        .setCreationTimeMillis(e.creationTimeMillis())
        .setCreationTtlSeconds(e.creationTtl())
        .setExplicitMaxTtlSeconds(e.explicitMaxTtl())
        .setPeriodSeconds(e.period())
        .setRole(e.role())
        .setRenewable(e.renewable())
        .setHasLease(e.hasLease())
        .setIssueTimeMillis(e.issueTimeMillis())
        .setExpireTimeMillis(e.expireTimeMillis())
        .setLastRenewalTimeMillis(e.lastRenewalTimeMillis())
        .setLeaseTtlSeconds(e.leaseTtl())
        .addAllBoundCidrs(e.boundCidrs())
        .build()
        .toByteArray();
  }

  static TokenEntry decode(String hash, byte[] bytes) {
    StoredToken s;
    try {
      s = StoredToken.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt token entry " + hash, e);
    }
    return new TokenEntry(
        hash,
        s.getAccessor(),
        s.getParentHash(),
        s.getPoliciesList(),
        s.getPath(),
        s.getMetaMap(),
        s.getDisplayName(),
        s.getNumUses(),
        s.getCreationTimeMillis(),
        s.getCreationTtlSeconds(),
        s.getExplicitMaxTtlSeconds(),
        s.getPeriodSeconds(),
        s.getRole(),
        s.getRenewable(),
        s.getHasLease(),
        s.getIssueTimeMillis(),
        s.getExpireTimeMillis(),
        s.getLastRenewalTimeMillis(),
        s.getLeaseTtlSeconds(),
        s.getBoundCidrsList(),
        TokenType.SERVICE);
  }

  static byte[] encodeAccessor(String tokenHash, String accessor) {
    return StoredAccessor.newBuilder().setTokenHash(tokenHash).setAccessor(accessor).build()
        .toByteArray();
  }

  static StoredAccessor decodeAccessor(byte[] bytes) {
    try {
      return StoredAccessor.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt accessor entry", e);
    }
  }
}
