package io.leasehold.server.grpc;

import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.DeleteRoleRequest;
import io.leasehold.proto.v1.DeleteRoleResponse;
import io.leasehold.proto.v1.ListAccessorsRequest;
import io.leasehold.proto.v1.ListAccessorsResponse;
import io.leasehold.proto.v1.ListRolesRequest;
import io.leasehold.proto.v1.ListRolesResponse;
import io.leasehold.proto.v1.LookupAccessorRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.ReadRoleRequest;
import io.leasehold.proto.v1.ReadRoleResponse;
import io.leasehold.proto.v1.RenewAccessorRequest;
import io.leasehold.proto.v1.RenewSelfRequest;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.RevokeAccessorRequest;
import io.leasehold.proto.v1.RevokeOrphanRequest;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.RevokeTokenResponse;
import io.leasehold.proto.v1.TidyRequest;
import io.leasehold.proto.v1.TidyResponse;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.WriteRoleRequest;
import io.leasehold.proto.v1.WriteRoleResponse;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.core.token.CreatedToken;
import io.leasehold.server.core.token.RenewedToken;
import io.leasehold.server.core.token.RoleStore;
import io.leasehold.server.core.token.TokenCreator;
import io.leasehold.server.core.token.TokenDetails;
import io.leasehold.server.core.token.TokenInventory;
import io.leasehold.server.core.token.TokenLookup;
import io.leasehold.server.core.token.TokenRenewer;
import io.leasehold.server.core.token.TokenRevocations;
import io.leasehold.server.core.token.TokenTidy;


/** auth/token/* over gRPC: translate, call the core, translate back. */
final class TokenGrpcService extends TokenServiceGrpc.TokenServiceImplBase {
  private static final Route CREATE = Route.of("auth/token/create", Operation.UPDATE);
  private static final Route CREATE_ORPHAN = Route.of("auth/token/create-orphan", Operation.UPDATE);
  private static final Route LOOKUP = Route.of("auth/token/lookup", Operation.UPDATE);
  private static final Route LOOKUP_SELF = Route.of("auth/token/lookup-self", Operation.READ);
  private static final Route LOOKUP_ACCESSOR =
      Route.of("auth/token/lookup-accessor", Operation.UPDATE);
  private static final Route RENEW = Route.of("auth/token/renew", Operation.UPDATE);
  private static final Route RENEW_SELF = Route.of("auth/token/renew-self", Operation.UPDATE);
  private static final Route RENEW_ACCESSOR =
      Route.of("auth/token/renew-accessor", Operation.UPDATE);
  private static final Route REVOKE = Route.of("auth/token/revoke", Operation.UPDATE);
  private static final Route REVOKE_SELF = Route.of("auth/token/revoke-self", Operation.UPDATE);
  private static final Route REVOKE_ACCESSOR =
      Route.of("auth/token/revoke-accessor", Operation.UPDATE);
  private static final Route REVOKE_ORPHAN = Route.of("auth/token/revoke-orphan", Operation.UPDATE);
  private static final Route ACCESSORS = Route.sudo("auth/token/accessors", Operation.LIST);
  private static final Route ROLES = Route.of("auth/token/roles", Operation.LIST);
  private static final Route TIDY = Route.of("auth/token/tidy", Operation.UPDATE);

  private final Unary unary;
  private final TokenCreator creator;
  private final TokenLookup lookup;
  private final TokenRenewer renewer;
  private final TokenRevocations revocations;
  private final TokenInventory inventory;
  private final RoleStore roles;
  private final TokenTidy tidy;

  TokenGrpcService(Unary unary, TokenCreator creator, TokenLookup lookup, TokenRenewer renewer,
      TokenRevocations revocations, TokenInventory inventory, RoleStore roles, TokenTidy tidy) {
    this.unary = unary;
    this.creator = creator;
    this.lookup = lookup;
    this.renewer = renewer;
    this.revocations = revocations;
    this.inventory = inventory;
    this.roles = roles;
    this.tidy = tidy;
  }

  @Override
  public void createToken(CreateTokenRequest req, StreamObserver<CreateTokenResponse> out) {
    unary.run(out, CREATE.withParams(() -> TokenRequests.params(req)), c -> created(creator.create(
        c.entry(), TokenCreator.Endpoint.CREATE, null, TokenRequests.create(req))));
  }

  @Override
  public void createOrphanToken(CreateTokenRequest req, StreamObserver<CreateTokenResponse> out) {
    unary.run(out, CREATE_ORPHAN.withParams(() -> TokenRequests.params(req)), c -> created(
        creator.create(c.entry(), TokenCreator.Endpoint.CREATE_ORPHAN, null,
            TokenRequests.create(req))));
  }

  @Override
  public void createTokenAgainstRole(CreateTokenRequest req,
      StreamObserver<CreateTokenResponse> out) {
    unary.run(out,
        () -> Route.of("auth/token/create/" + RoleStore.normalizeName(req.getRoleName()),
            Operation.UPDATE).withParams(() -> TokenRequests.params(req)),
        c -> created(creator.create(c.entry(), TokenCreator.Endpoint.CREATE_AGAINST_ROLE,
            req.getRoleName(), TokenRequests.create(req))));
  }

  @Override
  public void lookupToken(LookupTokenRequest req, StreamObserver<LookupTokenResponse> out) {
    unary.run(out, LOOKUP, c -> looked(lookup.lookup(c, req.getToken())));
  }

  @Override
  public void lookupSelf(LookupSelfRequest req, StreamObserver<LookupTokenResponse> out) {
    unary.run(out, LOOKUP_SELF, c -> looked(lookup.lookupSelf(c)));
  }

  @Override
  public void lookupAccessor(LookupAccessorRequest req, StreamObserver<LookupTokenResponse> out) {
    unary.run(out, LOOKUP_ACCESSOR, c -> looked(lookup.lookupAccessor(req.getAccessor())));
  }

  @Override
  public void renewToken(RenewTokenRequest req, StreamObserver<RenewTokenResponse> out) {
    unary.run(out, RENEW, c -> renewed(renewer.renew(req.getToken(),
        ProtoConvert.seconds(req.hasIncrement(), req.getIncrement(), "increment"))));
  }

  @Override
  public void renewSelf(RenewSelfRequest req, StreamObserver<RenewTokenResponse> out) {
    unary.run(out, RENEW_SELF, c -> renewed(renewer.renewSelf(c,
        ProtoConvert.seconds(req.hasIncrement(), req.getIncrement(), "increment"))));
  }

  @Override
  public void renewAccessor(RenewAccessorRequest req, StreamObserver<RenewTokenResponse> out) {
    unary.run(out, RENEW_ACCESSOR, c -> renewed(renewer.renewAccessor(req.getAccessor(),
        ProtoConvert.seconds(req.hasIncrement(), req.getIncrement(), "increment"))));
  }

  @Override
  public void revokeToken(RevokeTokenRequest req, StreamObserver<RevokeTokenResponse> out) {
    unary.runSlow(out, REVOKE, c -> {
      revocations.revoke(req.getToken());
      return RevokeTokenResponse.getDefaultInstance();
    });
  }

  @Override
  public void revokeSelf(RevokeSelfRequest req, StreamObserver<RevokeTokenResponse> out) {
    unary.runSlow(out, REVOKE_SELF, c -> {
      revocations.revokeSelf(c);
      return RevokeTokenResponse.getDefaultInstance();
    });
  }

  @Override
  public void revokeAccessor(RevokeAccessorRequest req, StreamObserver<RevokeTokenResponse> out) {
    unary.runSlow(out, REVOKE_ACCESSOR, c -> RevokeTokenResponse.newBuilder()
        .addAllWarnings(revocations.revokeAccessor(req.getAccessor())).build());
  }

  @Override
  public void revokeOrphan(RevokeOrphanRequest req, StreamObserver<RevokeTokenResponse> out) {
    unary.runSlow(out, REVOKE_ORPHAN, c -> {
      revocations.revokeOrphan(c, req.getToken());
      return RevokeTokenResponse.getDefaultInstance();
    });
  }

  @Override
  public void listAccessors(ListAccessorsRequest req, StreamObserver<ListAccessorsResponse> out) {
    unary.runSlow(out, ACCESSORS,
        c -> ListAccessorsResponse.newBuilder().addAllKeys(inventory.accessors()).build());
  }

  @Override
  public void writeRole(WriteRoleRequest req, StreamObserver<WriteRoleResponse> out) {
    unary.run(out, () -> roleRoute(req.getRoleName(),
            roles.exists(req.getRoleName()) ? Operation.UPDATE : Operation.CREATE)
            .withParams(() -> ProtoConvert.params(req, "role_name")),
        c -> WriteRoleResponse.newBuilder()
            .addAllWarnings(roles.write(TokenRequests.roleWrite(req))).build());
  }

  @Override
  public void readRole(ReadRoleRequest req, StreamObserver<ReadRoleResponse> out) {
    unary.run(out, () -> roleRoute(req.getRoleName(), Operation.READ),
        c -> ReadRoleResponse.newBuilder()
            .setData(TokenRequests.role(roles.read(req.getRoleName()).orElseThrow(
                () -> new LeaseholdException(LeaseholdException.Kind.NOT_FOUND, "ROLE_NOT_FOUND",
                    "role \"" + req.getRoleName() + "\" not found"))))
            .build());
  }

  @Override
  public void listRoles(ListRolesRequest req, StreamObserver<ListRolesResponse> out) {
    unary.run(out, ROLES, c -> ListRolesResponse.newBuilder().addAllKeys(roles.list()).build());
  }

  @Override
  public void deleteRole(DeleteRoleRequest req, StreamObserver<DeleteRoleResponse> out) {
    unary.run(out, () -> roleRoute(req.getRoleName(), Operation.DELETE), c -> {
      roles.delete(req.getRoleName());
      return DeleteRoleResponse.getDefaultInstance();
    });
  }

  @Override
  public void tidy(TidyRequest req, StreamObserver<TidyResponse> out) {
    unary.run(out, TIDY, c -> TidyResponse.newBuilder().addWarnings(tidy.start()).build());
  }

  private static Route roleRoute(String name, Operation op) {
    return Route.of("auth/token/roles/" + RoleStore.normalizeName(name), op);
  }

  private static CreateTokenResponse created(CreatedToken t) {
    return CreateTokenResponse.newBuilder()
        .setAuth(ProtoConvert.auth(t.tokenId(), t.entry(), t.entry().creationTtl()))
        .addAllWarnings(t.warnings())
        .build();
  }

  private static LookupTokenResponse looked(TokenDetails d) {
    return LookupTokenResponse.newBuilder().setData(ProtoConvert.info(d)).build();
  }

  private static RenewTokenResponse renewed(RenewedToken r) {
    return RenewTokenResponse.newBuilder()
        .setAuth(ProtoConvert.auth(r.tokenId(), r.entry(), r.ttl()))
        .addAllWarnings(r.warnings())
        .build();
  }

}
