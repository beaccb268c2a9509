package io.leasehold.server.grpc;

import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.WriteRoleRequest;
import io.leasehold.server.core.token.CreateRequest;
import io.leasehold.server.core.token.RoleWrite;
import io.leasehold.server.core.token.TokenRole;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** The request's data as policies see it (allowed_parameters and friends): the fields set. */
  static Map<String, Object> params(CreateTokenRequest r) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!r.getId().isEmpty()) {
      out.put("id", r.getId());
    }
    if (r.getPoliciesCount() > 0) {
      out.put("policies", List.copyOf(r.getPoliciesList()));
    }
    if (r.getMetaCount() > 0) {
      out.put("meta", Map.copyOf(r.getMetaMap()));
    }
    if (r.getNoParent()) {
      out.put("no_parent", true);
    }
    if (r.getNoDefaultPolicy()) {
      out.put("no_default_policy", true);
    }
    if (r.hasRenewable()) {
      out.put("renewable", r.getRenewable());
    }
    if (r.hasTtl()) {
      out.put("ttl", r.getTtl().getSeconds());
    }
    if (r.getTypeValue() != 0) {
      out.put("type", ProtoConvert.tokenType(r.getType()));
    }
    if (r.hasExplicitMaxTtl()) {
      out.put("explicit_max_ttl", r.getExplicitMaxTtl().getSeconds());
    }
    if (!r.getDisplayName().isEmpty()) {
      out.put("display_name", r.getDisplayName());
    }
    if (r.getNumUses() != 0) {
      out.put("num_uses", r.getNumUses());
    }
    if (r.hasPeriod()) {
      out.put("period", r.getPeriod().getSeconds());
    }
    return out;
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
