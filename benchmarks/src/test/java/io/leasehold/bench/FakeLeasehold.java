package io.leasehold.bench;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.ReadTokenCountersResponse;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.RevokeTokenResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenServiceGrpc;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the Leasehold server, just enough of the token API for the load generator's
 * operations (create, lookup-self, renew, revoke with descendants, token counters), in memory,
 * with the caller token from {@code x-leasehold-token}. Counts what it was asked so tests can
 * check the generator's bookkeeping. Not a model of Vault's rules.
 */
final class FakeLeasehold implements AutoCloseable {
  static final String ROOT = "root-token";
  private static final Context.Key<String> CALLER = Context.key("caller");

  /** Token → its children. */
  final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> parents = new ConcurrentHashMap<>();
  final AtomicLong created = new AtomicLong();
  final AtomicLong renewed = new AtomicLong();
  final AtomicLong revokeCalls = new AtomicLong();
  final AtomicLong revokesOfUnknown = new AtomicLong();
  final AtomicLong renewsOfUnknown = new AtomicLong();
  final AtomicLong lookups = new AtomicLong();
  private final AtomicLong ids = new AtomicLong();
  private final Server server;

  FakeLeasehold() throws Exception {
    tokens.put(ROOT, ConcurrentHashMap.newKeySet());
    ServerInterceptor auth =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String token = headers.get(BenchClient.TOKEN_HEADER);
            if (token == null || !tokens.containsKey(token)) {
              call.close(Status.UNAUTHENTICATED.withDescription("permission denied"), new Metadata());
              return new ServerCall.Listener<>() {};
            }
            return Contexts.interceptCall(Context.current().withValue(CALLER, token), call, headers, next);
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor()
            .addService(new HealthStatusManager().getHealthService())
            .addService(ServerInterceptors.intercept(new Tokens(), auth))
            .addService(ServerInterceptors.intercept(new Sys(), auth))
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Tokens extends TokenServiceGrpc.TokenServiceImplBase implements BindableService {
    @Override
    public void createToken(CreateTokenRequest request, StreamObserver<CreateTokenResponse> observer) {
      String id = "t" + ids.incrementAndGet();
      tokens.put(id, ConcurrentHashMap.newKeySet());
      Set<String> siblings = tokens.get(CALLER.get());
      if (siblings == null) { // the parent was revoked meanwhile
        tokens.remove(id);
        observer.onError(Status.INVALID_ARGUMENT.withDescription("parent token lookup failed").asRuntimeException());
        return;
      }
      siblings.add(id);
      parents.put(id, CALLER.get());
      created.incrementAndGet();
      observer.onNext(CreateTokenResponse.newBuilder()
          .setAuth(TokenAuth.newBuilder().setClientToken(id).addAllPolicies(request.getPoliciesList()))
          .build());
      observer.onCompleted();
    }

    @Override
    public void lookupSelf(LookupSelfRequest request, StreamObserver<LookupTokenResponse> observer) {
      lookups.incrementAndGet();
      observer.onNext(LookupTokenResponse.newBuilder().setData(TokenInfo.newBuilder().setId(CALLER.get())).build());
      observer.onCompleted();
    }

    @Override
    public void renewToken(RenewTokenRequest request, StreamObserver<RenewTokenResponse> observer) {
      renewed.incrementAndGet();
      if (!tokens.containsKey(request.getToken())) {
        renewsOfUnknown.incrementAndGet();
      }
      observer.onNext(RenewTokenResponse.getDefaultInstance());
      observer.onCompleted();
    }

    @Override
    public void revokeToken(RevokeTokenRequest request, StreamObserver<RevokeTokenResponse> observer) {
      revokeCalls.incrementAndGet();
      if (!tokens.containsKey(request.getToken())) {
        revokesOfUnknown.incrementAndGet();
      }
      String parent = parents.remove(request.getToken());
      if (parent != null && tokens.containsKey(parent)) {
        tokens.get(parent).remove(request.getToken());
      }
      Deque<String> todo = new ArrayDeque<>(List.of(request.getToken()));
      while (!todo.isEmpty()) {
        String id = todo.pop();
        parents.remove(id);
        Set<String> children = tokens.remove(id);
        if (children != null) {
          todo.addAll(children);
        }
      }
      observer.onNext(RevokeTokenResponse.getDefaultInstance());
      observer.onCompleted();
    }
  }

  private final class Sys extends SysServiceGrpc.SysServiceImplBase {
    @Override
    public void readTokenCounters(
        ReadTokenCountersRequest request, StreamObserver<ReadTokenCountersResponse> observer) {
      observer.onNext(ReadTokenCountersResponse.newBuilder().setServiceTokensTotal(tokens.size()).build());
      observer.onCompleted();
    }
  }
}
