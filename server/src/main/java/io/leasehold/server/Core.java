package io.leasehold.server;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.auth.AuthMethods;
import io.leasehold.server.core.auth.approle.AppRoleLogin;
import io.leasehold.server.core.auth.approle.AppRoles;
import io.leasehold.server.core.auth.approle.SecretIdTidy;
import io.leasehold.server.core.auth.approle.SecretIds;
import io.leasehold.server.core.batch.BatchKeyset;
import io.leasehold.server.core.batch.BatchTokenCodec;
import io.leasehold.server.core.cubbyhole.Cubbyhole;
import io.leasehold.server.core.expire.DeadlineSignal;
import io.leasehold.server.core.expire.ExpirationManager;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.policy.CapabilityQueries;
import io.leasehold.server.core.policy.PolicyAccessControl;
import io.leasehold.server.core.policy.PolicyStore;
import io.leasehold.server.core.request.RequestPipeline;
import io.leasehold.server.core.request.SealState;
import io.leasehold.server.core.seal.UnsealedServices;
import io.leasehold.server.core.token.KeyedHasher;
import io.leasehold.server.core.token.LoginRenewal;
import io.leasehold.server.core.token.LoginTokens;
import io.leasehold.server.core.token.RoleStore;
import io.leasehold.server.core.token.TokenCreator;
import io.leasehold.server.core.token.TokenIds;
import io.leasehold.server.core.token.TokenInventory;
import io.leasehold.server.core.token.TokenLookup;
import io.leasehold.server.core.token.TokenRenewer;
import io.leasehold.server.core.token.TokenRepository;
import io.leasehold.server.core.token.TokenResolver;
import io.leasehold.server.core.token.TokenRevocations;
import io.leasehold.server.core.token.TokenRevoker;
import io.leasehold.server.core.token.TokenTidy;
import io.leasehold.server.core.token.UseLimiter;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.Clock;
import io.leasehold.server.time.Scheduler;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The core's object graph, built once from its seams (storage, clock, scheduler). Nothing here is
 * gRPC; the server adapts it. Tests build it directly.
 *
 * <p>Building reads nothing: {@link #open} (at unseal) loads what the core keeps from storage and
 * starts background work, {@link #close} (at seal) stops it and forgets key material.
 */
public final class Core implements UnsealedServices {
  private static final byte[] SALT_KEY = Keys.of("sys/token/salt");

  public final Storage storage;
  public final Clock clock;
  public final AuthMounts mounts;
  public final TokenRepository tokens;
  public final TokenResolver resolver;
  public final RoleStore roles;
  public final TokenRevoker revoker;
  public final TokenCreator creator;
  public final TokenLookup lookup;
  public final TokenRenewer renewer;
  public final TokenRevocations revocations;
  public final TokenInventory inventory;
  public final TokenTidy tidy;
  public final Cubbyhole cubbyhole;
  public final BatchKeyset batchKeyset;
  private final BatchTokenCodec batchTokens;
  public final PolicyStore policies;
  public final PolicyAccessControl acl;
  public final CapabilityQueries capabilities;
  public final RequestPipeline pipeline;
  public final ExpirationManager expiration;
  public final AuthMethods authMethods;
  public final AppRoles appRoles;
  public final SecretIds secretIds;
  public final SecretIdTidy secretIdTidy;
  public final AppRoleLogin appRoleLogin;
  private final KeyedHasher hasher = new KeyedHasher();
  private final SecureRandom random = new SecureRandom();

  /**
   * @param background where slow background work (tidy) runs
   * @param maxSweepSleepMillis longest the expiry sweeper sleeps when nothing is due sooner
   */
  public Core(Storage storage, Clock clock, Scheduler scheduler, SealState seal,
      SystemDefaults defaults, Executor background, long maxSweepSleepMillis) {
    this.storage = storage;
    this.clock = clock;
    this.mounts = new AuthMounts(storage, defaults);
    DeadlineSignal deadlines = new DeadlineSignal();
    this.tokens = new TokenRepository(storage, hasher, deadlines);
    this.batchKeyset = new BatchKeyset(storage);
    batchTokens = new BatchTokenCodec(batchKeyset);
    this.resolver = new TokenResolver(tokens, batchTokens, clock, (path, uuid) ->
        mounts.find(path).filter(m -> m.uuid().equals(uuid)).isPresent());
    this.roles = new RoleStore(storage, mounts);
    this.revoker = new TokenRevoker(tokens);
    this.policies = new PolicyStore(storage);
    this.acl = new PolicyAccessControl(policies);
    TokenIds ids = new TokenIds(random);
    this.creator = new TokenCreator(tokens, roles, mounts, acl, policies, ids, batchTokens, clock);
    this.lookup = new TokenLookup(resolver, tokens, clock);
    this.capabilities = new CapabilityQueries(acl, resolver, lookup);
    this.appRoles = new AppRoles(storage, mounts, hasher);
    this.secretIds = new SecretIds(storage, mounts, appRoles, hasher, clock);
    this.secretIdTidy = new SecretIdTidy(storage, mounts, hasher, clock, scheduler);
    this.appRoleLogin = new AppRoleLogin(storage, mounts, appRoles, secretIds,
        new LoginTokens(tokens, ids, batchTokens, clock), hasher, clock);
    LoginRenewal logins = (mount, token) -> switch (mount.type()) {
      case "approle" -> appRoleLogin.terms(mount, token);
      default -> throw LeaseholdException.precondition("TOKEN_NOT_FOUND", "token not found");
    };
    this.renewer = new TokenRenewer(resolver, tokens, lookup, roles, mounts, logins, clock);
    this.revocations = new TokenRevocations(tokens, revoker, resolver, acl);
    this.inventory = new TokenInventory(tokens, revoker);
    this.authMethods = new AuthMethods(storage, mounts, inventory,
        m -> AppRoles.purgeMount(storage, m.getUuid()));
    this.tidy = new TokenTidy(tokens, background);
    this.cubbyhole = new Cubbyhole(storage);
    this.pipeline = new RequestPipeline(seal, resolver, new UseLimiter(tokens), acl, revoker);
    this.expiration = new ExpirationManager(storage, revoker, clock, scheduler, deadlines,
        maxSweepSleepMillis);
  }

  /**
   * Loads the keyed-hash salt and the batch-token keyset (creating them, the token mount and the
   * default policy at first start), then resumes interrupted revocations and starts the expiry
   * sweeper, which reads only the first {@code expire/} key, finishes any auth-mount disable a
   * crash interrupted, and schedules the tidy of expired AppRole secret IDs.
   */
  @Override
  public void open() {
    mounts.initialize("auth_token_" + HexFormat.of().formatHex(randomBytes(random, 4)));
    hasher.load(salt(storage, random));
    batchKeyset.initialize();
    policies.initialize();
    expiration.start();
    authMethods.resumePending();
    secretIdTidy.start();
  }

  /**
   * Stops the expiry sweeper and forgets the salt, the batch-token keyset and the batch tokens
   * opened with it. Idempotent.
   */
  @Override
  public void close() {
    expiration.close();
    secretIdTidy.close();
    batchKeyset.forget();
    batchTokens.forgetOpened();
    hasher.forget();
  }

  @Override
  public String createRootToken(Optional<String> id) {
    return creator.createInitialRoot(id).tokenId();
  }

  /** The per-cluster salt of the keyed hashes, made at first start. */
  private static byte[] salt(Storage storage, SecureRandom random) {
    return storage.transact(tx -> {
      var existing = tx.get(SALT_KEY);
      if (existing.isPresent()) {
        return existing.get();
      }
      byte[] salt = randomBytes(random, 32);
      tx.put(SALT_KEY, salt);
      return salt;
    });
  }

  private static byte[] randomBytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
