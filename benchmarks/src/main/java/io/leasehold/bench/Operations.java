package io.leasehold.bench;

import com.google.protobuf.Duration;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.WritePolicyRequest;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operations of the load generator. Requests are built before the phase, so the measured
 * path only starts calls. Tokens made for an operation are children of the root token with
 * policy "default" and a TTL of 1 h (they expire on their own on a long-lived --target server).
 */
public final class Operations {
  static final long HOUR = 3600;

  private Operations() {}

  /** grpc.health.v1.Health/Check with no token: the transport baseline. */
  public static final class Health implements Operation {
    private final BenchClient client;
    private final HealthCheckRequest request = HealthCheckRequest.getDefaultInstance();

    public Health(BenchClient client) {
      this.client = client;
    }

    @Override
    public String name() {
      return "health";
    }

    @Override
    public boolean start(int slot, StreamObserver<Object> observer) {
      client.callUntyped(slot, HealthGrpc.getCheckMethod(), CallOptions.DEFAULT, request, observer);
      return true;
    }
  }

  /** CreateToken as root: policies ["default"], ttl 1h (a new service token per call). */
  public static final class Create implements Operation {
    private final BenchClient client;
    private final CallOptions asRoot;
    private final CreateTokenRequest request = BenchClient.createRequest(HOUR, "default");

    public Create(BenchClient client, String rootToken) {
      this.client = client;
      this.asRoot = BenchClient.as(rootToken);
    }

    @Override
    public String name() {
      return "create";
    }

    @Override
    public boolean start(int slot, StreamObserver<Object> observer) {
      client.callUntyped(slot, TokenServiceGrpc.getCreateTokenMethod(), asRoot, request, observer);
      return true;
    }
  }

  /** CreateToken of a batch token as root: policies ["default"], ttl 1h (nothing is stored). */
  public static final class CreateBatch implements Operation {
    private final BenchClient client;
    private final CallOptions asRoot;
    private final CreateTokenRequest request = BenchClient.createRequest(HOUR, "default")
        .toBuilder().clearRenewable().setType(io.leasehold.proto.v1.TokenType.TOKEN_TYPE_BATCH)
        .build();

    public CreateBatch(BenchClient client, String rootToken) {
      this.client = client;
      this.asRoot = BenchClient.as(rootToken);
    }

    @Override
    public String name() {
      return "create-batch";
    }

    @Override
    public boolean start(int slot, StreamObserver<Object> observer) {
      client.callUntyped(slot, TokenServiceGrpc.getCreateTokenMethod(), asRoot, request, observer);
      return true;
    }
  }

  /**
   * LookupSelf as one token. Variants: {@code lookup-self} (a child of root with policy "default",
   * which allows lookup-self), {@code lookup-self-root} (the root token itself: no ACL to consult)
   * and {@code lookup-self-policy50} (a token whose only policy has 50 rules, the one allowing
   * lookup-self among them: the ACL's cost next to the root figure).
   */
  public static final class LookupSelf implements Operation {
    /** Which token looks itself up. */
    public enum Kind {
      DEFAULT("lookup-self"),
      ROOT("lookup-self-root"),
      POLICY50("lookup-self-policy50"),
      BATCH("lookup-self-batch");

      final String label;

      Kind(String label) {
        this.label = label;
      }
    }

    private final BenchClient client;
    private final String rootToken;
    private final Kind kind;
    private final LookupSelfRequest request = LookupSelfRequest.getDefaultInstance();
    private CallOptions asToken;

    public LookupSelf(BenchClient client, String rootToken) {
      this(client, rootToken, Kind.DEFAULT);
    }

    public LookupSelf(BenchClient client, String rootToken, Kind kind) {
      this.client = client;
      this.rootToken = rootToken;
      this.kind = kind;
    }

    @Override
    public String name() {
      return kind.label;
    }

    @Override
    public void prepare(int concurrency, boolean warmup) throws InterruptedException {
      if (asToken != null) {
        return;
      }
      String token = switch (kind) {
        case ROOT -> rootToken;
        case DEFAULT -> client.createTokens(1, i -> rootToken,
            i -> BenchClient.createRequest(HOUR, "default"), 1)[0];
        case BATCH -> client.createTokens(1, i -> rootToken,
            i -> BenchClient.createRequest(HOUR, "default").toBuilder().clearRenewable()
                .setType(io.leasehold.proto.v1.TokenType.TOKEN_TYPE_BATCH).build(), 1)[0];
        case POLICY50 -> {
          client.blocking(SysServiceGrpc.getWritePolicyMethod(), BenchClient.as(rootToken),
              WritePolicyRequest.newBuilder().setName("bench50").setPolicy(fiftyRules()).build());
          yield client.createTokens(1, i -> rootToken,
              i -> BenchClient.createRequest(HOUR, "bench50").toBuilder().setNoDefaultPolicy(true)
                  .build(), 1)[0];
        }
      };
      asToken = BenchClient.as(token);
    }

    /** 50 rules of every kind (exact, prefix, +), one of which allows auth/token/lookup-self. */
    static String fiftyRules() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 16; i++) {
        b.append("path \"secret/app").append(i).append("/config\" { capabilities = [\"read\"] }\n");
        b.append("path \"kv/team").append(i).append("/*\" { capabilities = [\"read\", \"list\"] }\n");
        b.append("path \"db/+/creds/role").append(i).append("\" { capabilities = [\"update\"] }\n");
      }
      b.append("path \"auth/token/*\" { capabilities = [\"deny\"] }\n");
      b.append("path \"auth/token/lookup-self\" { capabilities = [\"read\"] }\n");
      return b.toString();
    }

    @Override
    public boolean start(int slot, StreamObserver<Object> observer) {
      client.callUntyped(slot, TokenServiceGrpc.getLookupSelfMethod(), asToken, request, observer);
      return true;
    }
  }

  /**
   * RenewToken (as root, increment 1h) of a pool of pre-created renewable tokens, each slot cycling
   * through its own share of the pool, so two calls in flight never renew the same token as long as
   * the pool is at least as large as the concurrency.
   */
  public static final class Renew implements Operation {
    private final BenchClient client;
    private final CallOptions asRoot;
    private final String rootToken;
    private final int poolSize;
    private final int setupInFlight;
    private RenewTokenRequest[] requests;
    private long[] nextBySlot = new long[0];
    private int concurrency = 1;

    public Renew(BenchClient client, String rootToken, int poolSize, int setupInFlight) {
      this.client = client;
      this.rootToken = rootToken;
      this.asRoot = BenchClient.as(rootToken);
      this.poolSize = poolSize;
      this.setupInFlight = setupInFlight;
    }

    @Override
    public String name() {
      return "renew";
    }

    @Override
    public void prepare(int concurrency, boolean warmup) throws InterruptedException {
      if (requests == null) {
        String[] tokens =
            client.createTokens(
                poolSize, i -> rootToken, i -> BenchClient.createRequest(HOUR, "default"), setupInFlight);
        requests = new RenewTokenRequest[tokens.length];
        Duration increment = Duration.newBuilder().setSeconds(HOUR).build();
        for (int i = 0; i < tokens.length; i++) {
          requests[i] = RenewTokenRequest.newBuilder().setToken(tokens[i]).setIncrement(increment).build();
        }
      }
      this.concurrency = concurrency;
      this.nextBySlot = new long[concurrency];
    }

    @Override
    public boolean start(int slot, StreamObserver<Object> observer) {
      long turn = nextBySlot[slot]++;
      int index = (int) ((turn * concurrency + slot) % requests.length);
      client.callUntyped(slot, TokenServiceGrpc.getRenewTokenMethod(), asRoot, requests[index], observer);
      return true;
    }

    @Override
    public String note() {
      return String.format(Locale.ROOT, "renew: cycles through %,d pre-created tokens, increment 1h", poolSize);
    }
  }

  /**
   * RevokeToken (as root) of pre-created tokens, each revoked once. Before each phase a fresh pool
   * is created (not timed): {@code measuredPool} tokens for a measured run, a fifth of that for a
   * warm-up. A phase ends at its deadline or when its pool is used up, whichever comes first; ops/s
   * is then over the time the pool lasted. (Pre-creating keeps the measured load pure revokes; the
   * alternative, create-then-revoke pairs, would mix creates into the server's load.)
   */
  public static final class Revoke implements Operation {
    private final BenchClient client;
    private final CallOptions asRoot;
    private final String rootToken;
    private final int measuredPool;
    private final int setupInFlight;
    private final PrintWriter log;
    private final AtomicInteger next = new AtomicInteger();
    private RevokeTokenRequest[] requests = new RevokeTokenRequest[0];

    public Revoke(BenchClient client, String rootToken, int measuredPool, int setupInFlight, PrintWriter log) {
      this.client = client;
      this.rootToken = rootToken;
      this.asRoot = BenchClient.as(rootToken);
      this.measuredPool = measuredPool;
      this.setupInFlight = setupInFlight;
      this.log = log;
    }

    @Override
    public String name() {
      return "revoke";
    }

    @Override
    public void prepare(int concurrency, boolean warmup) throws InterruptedException {
      int size = warmup ? Math.max(1, measuredPool / 5) : measuredPool;
      long t0 = System.nanoTime();
      String[] tokens =
          client.createTokens(size, i -> rootToken, i -> BenchClient.createRequest(HOUR, "default"), setupInFlight);
      requests = new RevokeTokenRequest[size];
      for (int i = 0; i < size; i++) {
        requests[i] = RevokeTokenRequest.newBuilder().setToken(tokens[i]).build();
      }
      next.set(0);
      log.printf(
          Locale.ROOT, "  revoke: pre-created %,d tokens in %.1f s%n", size, (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public boolean start(int slot, StreamObserver<Object> observer) {
      int index = next.getAndIncrement();
      if (index >= requests.length) {
        return false;
      }
      client.callUntyped(slot, TokenServiceGrpc.getRevokeTokenMethod(), asRoot, requests[index], observer);
      return true;
    }

    @Override
    public String note() {
      return String.format(
          Locale.ROOT,
          "revoke: each token revoked once, from a pool of %,d pre-created per measured run; "
              + "a run ends early when its pool is used up",
          measuredPool);
    }
  }

  /**
   * AppRole Login with no caller token. Before the first phase (not timed) an approle mount is
   * enabled at {@code bench-approle/} (kept if a previous run left one on a --target server), a
   * role written with policy "default" and token_ttl 1h ({@code approle-login}: service tokens,
   * each stored; {@code approle-login-batch}: token_type batch, nothing stored), and one secret ID
   * with unlimited uses generated, so every login checks role ID and secret ID and makes a token.
   */
  public static final class AppRoleLogin implements Operation {
    static final String MOUNT = "bench-approle";

    private final BenchClient client;
    private final String rootToken;
    private final boolean batch;
    private AppRoleLoginRequest request;

    public AppRoleLogin(BenchClient client, String rootToken, boolean batch) {
      this.client = client;
      this.rootToken = rootToken;
      this.batch = batch;
    }

    @Override
    public String name() {
      return batch ? "approle-login-batch" : "approle-login";
    }

    @Override
    public void prepare(int concurrency, boolean warmup) {
      if (request != null) {
        return;
      }
      CallOptions asRoot = BenchClient.as(rootToken);
      try {
        client.blocking(SysServiceGrpc.getEnableAuthMethod(), asRoot,
            EnableAuthRequest.newBuilder().setType("approle").setPath(MOUNT).build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
          throw e;
        }
        // already enabled by an earlier run against the same server
      }
      String role = batch ? "bench-batch" : "bench-service";
      WriteAppRoleRequest.Builder write = WriteAppRoleRequest.newBuilder().setMount(MOUNT)
          .setRoleName(role)
          .setTokenPolicies(StringList.newBuilder().addValues("default"))
          .setTokenTtl(Duration.newBuilder().setSeconds(HOUR))
          .setTokenType(batch ? TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH
              : TokenTypeSetting.TOKEN_TYPE_SETTING_SERVICE);
      client.blocking(AppRoleServiceGrpc.getWriteRoleMethod(), asRoot, write.build());
      String roleId = client.blocking(AppRoleServiceGrpc.getReadRoleIdMethod(), asRoot,
          ReadRoleIdRequest.newBuilder().setMount(MOUNT).setRoleName(role).build()).getRoleId();
      String secretId = client.blocking(AppRoleServiceGrpc.getGenerateSecretIdMethod(), asRoot,
          GenerateSecretIdRequest.newBuilder().setMount(MOUNT).setRoleName(role).build())
          .getSecretId();
      request = AppRoleLoginRequest.newBuilder().setMount(MOUNT).setRoleId(roleId)
          .setSecretId(secretId).build();
    }

    @Override
    public boolean start(int slot, StreamObserver<Object> observer) {
      client.callUntyped(slot, AppRoleServiceGrpc.getLoginMethod(), CallOptions.DEFAULT, request,
          observer);
      return true;
    }

    @Override
    public String note() {
      return name() + ": one secret ID with unlimited uses, token_ttl 1h, policy default";
    }
  }
}
