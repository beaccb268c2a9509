package io.leasehold.server.grpc;

import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.WriteRoleRequest;
import io.leasehold.server.core.token.CreateRequest;
import io.leasehold.server.core.token.RoleWrite;
import io.leasehold.server.core.token.TokenRole;
import java.util.Map;

/** Translation of token-service requests and role views. */
final class TokenRequests {
  private TokenRequests() {}

  static CreateRequest create(CreateTokenRequest r) {
    return new CreateRequest(
        r.getId(),
        r.getPoliciesList(),
        r.getMetaMap(),
        r.getNoParent(),
        r.getNoDefaultPolicy(),
        r.hasRenewable() ? r.getRenewable() : null,
        ProtoConvert.seconds(r.hasTtl(), r.getTtl(), "ttl"),
        ProtoConvert.tokenType(r.getType()),
        ProtoConvert.seconds(r.hasExplicitMaxTtl(), r.getExplicitMaxTtl(), "explicit_max_ttl"),
        r.getDisplayName(),
        r.getNumUses(),
        ProtoConvert.seconds(r.hasPeriod(), r.getPeriod(), "period"));
  }

  /** The request's data as policies see it (allowed_parameters and friends). */
  static Map<String, Object> params(CreateTokenRequest r) {
    return ProtoConvert.params(r, "role_name");
  }

  static RoleWrite roleWrite(WriteRoleRequest r) {
    return new RoleWrite(
        r.getRoleName(),
        ProtoConvert.list(r.hasAllowedPolicies(), r.getAllowedPolicies()),
        ProtoConvert.list(r.hasDisallowedPolicies(), r.getDisallowedPolicies()),
        ProtoConvert.list(r.hasAllowedPoliciesGlob(), r.getAllowedPoliciesGlob()),
        ProtoConvert.list(r.hasDisallowedPoliciesGlob(), r.getDisallowedPoliciesGlob()),
        r.hasOrphan() ? r.getOrphan() : null,
        r.hasRenewable() ? r.getRenewable() : null,
        r.hasPathSuffix() ? r.getPathSuffix() : null,
        ProtoConvert.list(r.hasAllowedEntityAliases(), r.getAllowedEntityAliases()),
        ProtoConvert.secondsOrNull(r.hasTokenPeriod(), r.getTokenPeriod(), "token_period"),
        ProtoConvert.secondsOrNull(r.hasPeriod(), r.getPeriod(), "period"),
        ProtoConvert.secondsOrNull(r.hasTokenExplicitMaxTtl(), r.getTokenExplicitMaxTtl(),
            "token_explicit_max_ttl"),
        ProtoConvert.secondsOrNull(r.hasExplicitMaxTtl(), r.getExplicitMaxTtl(),
            "explicit_max_ttl"),
        ProtoConvert.list(r.hasTokenBoundCidrs(), r.getTokenBoundCidrs()),
        ProtoConvert.list(r.hasBoundCidrs(), r.getBoundCidrs()),
        ProtoConvert.tokenTypeSetting(r.getTokenType(), r.getTokenTypeValue()),
        r.hasTokenNoDefaultPolicy() ? r.getTokenNoDefaultPolicy() : null,
        r.hasTokenNumUses() ? r.getTokenNumUses() : null);
  }

  static io.leasehold.proto.v1.TokenRole role(TokenRole r) {
    return io.leasehold.proto.v1.TokenRole.newBuilder()
        .setName(r.name())
        .addAllAllowedPolicies(r.allowedPolicies())
        .addAllDisallowedPolicies(r.disallowedPolicies())
        .addAllAllowedPoliciesGlob(r.allowedPoliciesGlob())
        .addAllDisallowedPoliciesGlob(r.disallowedPoliciesGlob())
        .setOrphan(r.orphan())
        .setPathSuffix(r.pathSuffix())
        .setRenewable(r.renewable())
        .setPeriod(ProtoConvert.duration(r.legacyPeriod()))
        .setTokenPeriod(ProtoConvert.duration(r.tokenPeriod()))
        .setExplicitMaxTtl(ProtoConvert.duration(r.legacyExplicitMaxTtl()))
        .setTokenExplicitMaxTtl(ProtoConvert.duration(r.tokenExplicitMaxTtl()))
        .setTokenType(ProtoConvert.tokenTypeSetting(r.tokenType()))
        .addAllAllowedEntityAliases(r.allowedEntityAliases())
        .setTokenNoDefaultPolicy(r.tokenNoDefaultPolicy())
        .addAllTokenBoundCidrs(r.tokenBoundCidrs())
        .addAllBoundCidrs(r.legacyBoundCidrs())
        .setTokenNumUses(r.tokenNumUses())
        .build();
  }
}
