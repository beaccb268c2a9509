package io.leasehold.client;

import com.google.protobuf.Struct;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.leasehold.proto.v1.AuthTune;
import io.leasehold.proto.v1.CapabilitiesAccessorRequest;
import io.leasehold.proto.v1.CapabilitiesRequest;
import io.leasehold.proto.v1.CapabilitiesResponse;
import io.leasehold.proto.v1.CapabilitiesSelfRequest;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.CubbyholeDeleteRequest;
import io.leasehold.proto.v1.CubbyholeListRequest;
import io.leasehold.proto.v1.CubbyholeReadRequest;
import io.leasehold.proto.v1.CubbyholeReadResponse;
import io.leasehold.proto.v1.CubbyholeServiceGrpc;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.DeletePolicyRequest;
import io.leasehold.proto.v1.DeleteRoleRequest;
import io.leasehold.proto.v1.GenerateRootCancelRequest;
import io.leasehold.proto.v1.GenerateRootInitRequest;
import io.leasehold.proto.v1.GenerateRootStatusRequest;
import io.leasehold.proto.v1.GenerateRootStatusResponse;
import io.leasehold.proto.v1.GenerateRootUpdateRequest;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.DisableAuthRequest;
import io.leasehold.proto.v1.DisableAuthResponse;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.EnableAuthResponse;
import io.leasehold.proto.v1.ListAccessorsRequest;
import io.leasehold.proto.v1.ListAccessorsResponse;
import io.leasehold.proto.v1.ListAuthMountsRequest;
import io.leasehold.proto.v1.ListAuthMountsResponse;
import io.leasehold.proto.v1.ListPoliciesRequest;
import io.leasehold.proto.v1.ListRolesRequest;
import io.leasehold.proto.v1.LookupAccessorRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.ReadAuthTuneRequest;
import io.leasehold.proto.v1.ReadPolicyRequest;
import io.leasehold.proto.v1.ReadPolicyResponse;
import io.leasehold.proto.v1.ReadRoleRequest;
import io.leasehold.proto.v1.ReadRoleResponse;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.ReadTokenCountersResponse;
import io.leasehold.proto.v1.RenewAccessorRequest;
import io.leasehold.proto.v1.RenewSelfRequest;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.RevokeAccessorRequest;
import io.leasehold.proto.v1.RevokeOrphanRequest;
import io.leasehold.proto.v1.RevokePrefixRequest;
import io.leasehold.proto.v1.RevokePrefixResponse;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.RevokeTokenResponse;
import io.leasehold.proto.v1.RotateRequest;
import io.leasehold.proto.v1.RotateResponse;
import io.leasehold.proto.v1.SealRequest;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.TuneAuthResponse;
import io.leasehold.proto.v1.UnsealRequest;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.WritePolicyResponse;
import io.leasehold.proto.v1.WriteRoleRequest;
import io.leasehold.proto.v1.WriteRoleResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A typed facade over Leasehold's gRPC API for one caller token.
 *
 * <p>Every call carries the token as call credentials and its own deadline; every failure is a
 * {@link LeaseholdClientException} with the gRPC code and the server's {@code ErrorInfo} reason.
 * The client does not own the {@link Channel} it is given (tests pass an in-process one); {@link
 * #connect} makes one it owns and {@link #close() closes}. Thread-safe.
 */
public final class LeaseholdClient implements AutoCloseable {
  private final Channel channel;
  private final ManagedChannel owned;
  private final String token;
  private final Duration deadline;
  private final CallCredentials credentials;

  /**
   * A client sending {@code token} (empty for none) on {@code channel}, each call limited to
   * {@code deadline}. The caller keeps ownership of the channel.
   */
  public LeaseholdClient(Channel channel, String token, Duration deadline) {
    this(channel, null, token, deadline);
  }

  private LeaseholdClient(Channel channel, ManagedChannel owned, String token, Duration deadline) {
    if (deadline == null || deadline.isZero() || deadline.isNegative()) {
      throw new IllegalArgumentException("the deadline must be positive");
    }
    this.channel = java.util.Objects.requireNonNull(channel, "channel");
    this.owned = owned;
    this.token = token == null ? "" : token;
    this.deadline = deadline;
    this.credentials = new TokenCredentials(this.token);
  }

  /** A client with its own channel to {@code config.address()}, closed by {@link #close()}. */
  public static LeaseholdClient connect(ClientConfig config) {
    ManagedChannel channel = openChannel(config.address());
    return new LeaseholdClient(channel, channel, config.token(), config.deadline());
  }

  /** A plaintext or TLS Netty channel to {@code address}. */
  public static ManagedChannel openChannel(ServerAddress address) {
    NettyChannelBuilder b = NettyChannelBuilder.forAddress(address.host(), address.port());
    if (address.tls()) {
      b.useTransportSecurity();
    } else {
      b.usePlaintext();
    }
    return b.build();
  }

  /** A client on the same channel sending another token; closing it leaves the channel open. */
  public LeaseholdClient withToken(String otherToken) {
    return new LeaseholdClient(channel, null, otherToken, deadline);
  }

  /** The token this client sends (empty for none). */
  public String token() {
    return token;
  }

  /** Closes the channel if this client opened it. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
      try {
        owned.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- TokenService (auth/token/*) ----

  /** auth/token/create. */
  public CreateTokenResponse createToken(CreateTokenRequest request) {
    return call("TokenService/CreateToken", tokens(), s -> s.createToken(request));
  }

  /** auth/token/create-orphan. */
  public CreateTokenResponse createOrphanToken(CreateTokenRequest request) {
    return call("TokenService/CreateOrphanToken", tokens(), s -> s.createOrphanToken(request));
  }

  /** auth/token/create/ROLE (the role is {@code request.role_name}). */
  public CreateTokenResponse createTokenAgainstRole(CreateTokenRequest request) {
    return call("TokenService/CreateTokenAgainstRole", tokens(),
        s -> s.createTokenAgainstRole(request));
  }

  /** auth/token/lookup. */
  public LookupTokenResponse lookupToken(String other) {
    return call("TokenService/LookupToken", tokens(),
        s -> s.lookupToken(LookupTokenRequest.newBuilder().setToken(other).build()));
  }

  /** auth/token/lookup-self. */
  public LookupTokenResponse lookupSelf() {
    return call("TokenService/LookupSelf", tokens(),
        s -> s.lookupSelf(LookupSelfRequest.getDefaultInstance()));
  }

  /** auth/token/lookup-accessor. */
  public LookupTokenResponse lookupAccessor(String accessor) {
    return call("TokenService/LookupAccessor", tokens(),
        s -> s.lookupAccessor(LookupAccessorRequest.newBuilder().setAccessor(accessor).build()));
  }

  /** auth/token/renew; {@code increment} null for the last granted TTL. */
  public RenewTokenResponse renewToken(String other, Duration increment) {
    RenewTokenRequest.Builder b = RenewTokenRequest.newBuilder().setToken(other);
    if (increment != null) {
      b.setIncrement(proto(increment));
    }
    return call("TokenService/RenewToken", tokens(), s -> s.renewToken(b.build()));
  }

  /** auth/token/renew-self; {@code increment} null for the last granted TTL. */
  public RenewTokenResponse renewSelf(Duration increment) {
    RenewSelfRequest.Builder b = RenewSelfRequest.newBuilder();
    if (increment != null) {
      b.setIncrement(proto(increment));
    }
    return call("TokenService/RenewSelf", tokens(), s -> s.renewSelf(b.build()));
  }

  /** auth/token/renew-accessor; {@code increment} null for the last granted TTL. */
  public RenewTokenResponse renewAccessor(String accessor, Duration increment) {
    RenewAccessorRequest.Builder b = RenewAccessorRequest.newBuilder().setAccessor(accessor);
    if (increment != null) {
      b.setIncrement(proto(increment));
    }
    return call("TokenService/RenewAccessor", tokens(), s -> s.renewAccessor(b.build()));
  }

  /** auth/token/revoke: the token and its descendants. */
  public RevokeTokenResponse revokeToken(String other) {
    return call("TokenService/RevokeToken", tokens(),
        s -> s.revokeToken(RevokeTokenRequest.newBuilder().setToken(other).build()));
  }

  /** auth/token/revoke-self. */
  public RevokeTokenResponse revokeSelf() {
    return call("TokenService/RevokeSelf", tokens(),
        s -> s.revokeSelf(RevokeSelfRequest.getDefaultInstance()));
  }

  /** auth/token/revoke-accessor. */
  public RevokeTokenResponse revokeAccessor(String accessor) {
    return call("TokenService/RevokeAccessor", tokens(),
        s -> s.revokeAccessor(RevokeAccessorRequest.newBuilder().setAccessor(accessor).build()));
  }

  /** auth/token/revoke-orphan: only the token; its children become orphans. */
  public RevokeTokenResponse revokeOrphan(String other) {
    return call("TokenService/RevokeOrphan", tokens(),
        s -> s.revokeOrphan(RevokeOrphanRequest.newBuilder().setToken(other).build()));
  }

  /** auth/token/accessors. */
  public ListAccessorsResponse listAccessors() {
    return call("TokenService/ListAccessors", tokens(),
        s -> s.listAccessors(ListAccessorsRequest.getDefaultInstance()));
  }

  /** auth/token/roles/NAME (write). */
  public WriteRoleResponse writeRole(WriteRoleRequest request) {
    return call("TokenService/WriteRole", tokens(), s -> s.writeRole(request));
  }

  /** auth/token/roles/NAME (read). */
  public ReadRoleResponse readRole(String name) {
    return call("TokenService/ReadRole", tokens(),
        s -> s.readRole(ReadRoleRequest.newBuilder().setRoleName(name).build()));
  }

  /** auth/token/roles (list). */
  public List<String> listRoles() {
    return call("TokenService/ListRoles", tokens(),
        s -> s.listRoles(ListRolesRequest.getDefaultInstance())).getKeysList();
  }

  /** auth/token/roles/NAME (delete). */
  public void deleteRole(String name) {
    call("TokenService/DeleteRole", tokens(),
        s -> s.deleteRole(DeleteRoleRequest.newBuilder().setRoleName(name).build()));
  }

  // ---- SysService (sys/*) ----

  /** sys/seal-status (no token needed). */
  public SealStatusResponse sealStatus() {
    return call("SysService/SealStatus", sys(),
        s -> s.sealStatus(SealStatusRequest.getDefaultInstance()));
  }

  /** sys/auth (read). */
  public ListAuthMountsResponse listAuthMounts() {
    return call("SysService/ListAuthMounts", sys(),
        s -> s.listAuthMounts(ListAuthMountsRequest.getDefaultInstance()));
  }

  /** sys/auth/PATH (write): enables an auth method. */
  public EnableAuthResponse enableAuth(EnableAuthRequest request) {
    return call("SysService/EnableAuth", sys(), s -> s.enableAuth(request));
  }

  /** sys/auth/PATH (delete): disables the method and revokes the tokens it issued. */
  public DisableAuthResponse disableAuth(String path) {
    return call("SysService/DisableAuth", sys(),
        s -> s.disableAuth(DisableAuthRequest.newBuilder().setPath(path).build()));
  }

  /** sys/auth/PATH/tune (read). */
  public AuthTune readAuthTune(String path) {
    return call("SysService/ReadAuthTune", sys(),
        s -> s.readAuthTune(ReadAuthTuneRequest.newBuilder().setPath(path).build()));
  }

  /** sys/auth/PATH/tune (write). */
  public TuneAuthResponse tuneAuth(TuneAuthRequest request) {
    return call("SysService/TuneAuth", sys(), s -> s.tuneAuth(request));
  }

  /** sys/internal/counters/tokens. */
  public ReadTokenCountersResponse readTokenCounters() {
    return call("SysService/ReadTokenCounters", sys(),
        s -> s.readTokenCounters(ReadTokenCountersRequest.getDefaultInstance()));
  }

  /** sys/leases/revoke-prefix/PREFIX. */
  public RevokePrefixResponse revokePrefix(String prefix) {
    return call("SysService/RevokePrefix", sys(),
        s -> s.revokePrefix(RevokePrefixRequest.newBuilder().setPrefix(prefix).build()));
  }

  /** sys/policies/acl/NAME (or sys/policy/NAME when {@code legacy}) (write). */
  public WritePolicyResponse writePolicy(String name, String policy, boolean legacy) {
    return call("SysService/WritePolicy", sys(), s -> s.writePolicy(WritePolicyRequest.newBuilder()
        .setName(name).setPolicy(policy).setLegacy(legacy).build()));
  }

  /** sys/policies/acl/NAME (read). */
  public ReadPolicyResponse readPolicy(String name, boolean legacy) {
    return call("SysService/ReadPolicy", sys(), s -> s.readPolicy(
        ReadPolicyRequest.newBuilder().setName(name).setLegacy(legacy).build()));
  }

  /** sys/policies/acl (list). */
  public List<String> listPolicies(boolean legacy) {
    return call("SysService/ListPolicies", sys(), s -> s.listPolicies(
        ListPoliciesRequest.newBuilder().setLegacy(legacy).build())).getKeysList();
  }

  /** sys/policies/acl/NAME (delete). */
  public void deletePolicy(String name, boolean legacy) {
    call("SysService/DeletePolicy", sys(), s -> s.deletePolicy(
        DeletePolicyRequest.newBuilder().setName(name).setLegacy(legacy).build()));
  }

  /** sys/capabilities: what {@code other} may do on {@code paths}. */
  public CapabilitiesResponse capabilities(String other, List<String> paths) {
    return call("SysService/Capabilities", sys(), s -> s.capabilities(
        CapabilitiesRequest.newBuilder().setToken(other).addAllPaths(paths).build()));
  }

  /** sys/capabilities-self. */
  public CapabilitiesResponse capabilitiesSelf(List<String> paths) {
    return call("SysService/CapabilitiesSelf", sys(), s -> s.capabilitiesSelf(
        CapabilitiesSelfRequest.newBuilder().addAllPaths(paths).build()));
  }

  /** sys/capabilities-accessor. */
  public CapabilitiesResponse capabilitiesAccessor(String accessor, List<String> paths) {
    return call("SysService/CapabilitiesAccessor", sys(), s -> s.capabilitiesAccessor(
        CapabilitiesAccessorRequest.newBuilder().setAccessor(accessor).addAllPaths(paths)
            .build()));
  }

  // ---- SysService: the seal (sys/init, sys/unseal, sys/seal, sys/generate-root, sys/rotate) ----

  /**
   * sys/init (no token needed): makes {@code shares} unseal keys, {@code threshold} of which
   * unseal, and the initial root token.
   */
  public InitResponse init(int shares, int threshold) {
    return call("SysService/Init", sys(), s -> s.init(InitRequest.newBuilder()
        .setSecretShares(shares).setSecretThreshold(threshold).build()));
  }

  /** sys/unseal (no token needed): adds one unseal key (base64 or hex); answers the seal status. */
  public SealStatusResponse unseal(String key) {
    return call("SysService/Unseal", sys(),
        s -> s.unseal(UnsealRequest.newBuilder().setKey(key).build()));
  }

  /** sys/unseal with reset: forgets the keys given so far; the seal status after it. */
  public SealStatusResponse unsealReset() {
    return call("SysService/Unseal", sys(),
        s -> s.unseal(UnsealRequest.newBuilder().setReset(true).build()));
  }

  /** sys/seal (update and sudo). */
  public void seal() {
    call("SysService/Seal", sys(), s -> s.seal(SealRequest.getDefaultInstance()));
  }

  /** sys/rotate (update and sudo): the barrier's new key term. */
  public RotateResponse rotate() {
    return call("SysService/Rotate", sys(), s -> s.rotate(RotateRequest.getDefaultInstance()));
  }

  /** sys/generate-root/attempt, PUT: starts an attempt; the answer carries the one-time pad. */
  public GenerateRootStatusResponse generateRootInit() {
    return call("SysService/GenerateRootInit", sys(),
        s -> s.generateRootInit(GenerateRootInitRequest.getDefaultInstance()));
  }

  /** sys/generate-root/update: adds one unseal key to the attempt with {@code nonce}. */
  public GenerateRootStatusResponse generateRootUpdate(String key, String nonce) {
    return call("SysService/GenerateRootUpdate", sys(), s -> s.generateRootUpdate(
        GenerateRootUpdateRequest.newBuilder().setKey(key).setNonce(nonce).build()));
  }

  /** sys/generate-root/attempt, DELETE: cancels the attempt, if any. */
  public void generateRootCancel() {
    call("SysService/GenerateRootCancel", sys(),
        s -> s.generateRootCancel(GenerateRootCancelRequest.getDefaultInstance()));
  }

  /** sys/generate-root/attempt, GET. */
  public GenerateRootStatusResponse generateRootStatus() {
    return call("SysService/GenerateRootStatus", sys(),
        s -> s.generateRootStatus(GenerateRootStatusRequest.getDefaultInstance()));
  }

  // ---- AppRoleService (auth/approle/*) ----

  /** The AppRole calls, with this client's token and deadline. */
  public AppRoleClient appRole() {
    return new AppRoleClient(this);
  }

  // ---- CubbyholeService (cubbyhole/*) ----

  /** cubbyhole/PATH (read). */
  public CubbyholeReadResponse cubbyholeRead(String path) {
    return call("CubbyholeService/Read", cubbyhole(),
        s -> s.read(CubbyholeReadRequest.newBuilder().setPath(path).build()));
  }

  /** cubbyhole/PATH (write: replaces the entry). */
  public void cubbyholeWrite(String path, Struct data) {
    call("CubbyholeService/Write", cubbyhole(),
        s -> s.write(CubbyholeWriteRequest.newBuilder().setPath(path).setData(data).build()));
  }

  /** cubbyhole/PREFIX (list). */
  public List<String> cubbyholeList(String prefix) {
    return call("CubbyholeService/List", cubbyhole(),
        s -> s.list(CubbyholeListRequest.newBuilder().setPrefix(prefix).build())).getKeysList();
  }

  /** cubbyhole/PATH (delete). */
  public void cubbyholeDelete(String path) {
    call("CubbyholeService/Delete", cubbyhole(),
        s -> s.delete(CubbyholeDeleteRequest.newBuilder().setPath(path).build()));
  }

  // ---- plumbing ----

  private TokenServiceGrpc.TokenServiceBlockingStub tokens() {
    return TokenServiceGrpc.newBlockingStub(channel);
  }

  private SysServiceGrpc.SysServiceBlockingStub sys() {
    return SysServiceGrpc.newBlockingStub(channel);
  }

  private CubbyholeServiceGrpc.CubbyholeServiceBlockingStub cubbyhole() {
    return CubbyholeServiceGrpc.newBlockingStub(channel);
  }

  /**
   * Runs one call on {@code stub} with the token and a fresh deadline, translating a failure into
   * a {@link LeaseholdClientException}. Public for extensions of this facade in other packages.
   */
  public <S extends AbstractStub<S>, R> R call(String rpc, S stub, Function<S, R> call) {
    S ready = stub.withCallCredentials(credentials)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    try {
      return call.apply(ready);
    } catch (StatusRuntimeException e) {
      throw LeaseholdClientException.of(rpc, e);
    }
  }

  /** The channel, for extensions of this facade (e.g. new services) in other classes. */
  public Channel channel() {
    return channel;
  }

  private static com.google.protobuf.Duration proto(Duration d) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds())
        .setNanos(d.getNano()).build();
  }

  /** A protobuf Duration of {@code d}, for building requests. */
  public static com.google.protobuf.Duration toProto(Duration d) {
    return proto(d);
  }
}
