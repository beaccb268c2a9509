package io.leasehold.server;

import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.core.token.CreateRequest;
import io.leasehold.server.core.token.CreatedToken;
import io.leasehold.server.core.token.TokenCreator;
import io.leasehold.server.core.token.TokenEntry;
import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.time.FakeClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A core on in-memory (or the given) storage and a fake clock, with helpers to act as a token.
 */
public final class CoreFixture implements AutoCloseable {
  /** An odd start time, to catch rounding slips: 2021-09-01T05:47:58.323Z. */
  public static final long START = 1_630_475_278_323L;

  public final FakeClock clock = new FakeClock(START);
  public final Storage storage;
  public final Core core;
  public final String rootToken;

  public CoreFixture() {
    this(SystemDefaults.vault());
  }

  public CoreFixture(SystemDefaults defaults) {
    this(defaults, new InMemoryStorage());
  }

  /** A core on the given storage (closed with the fixture). */
  public CoreFixture(Storage storage) {
    this(SystemDefaults.vault(), storage);
  }

  private CoreFixture(SystemDefaults defaults, Storage storage) {
    this.storage = storage;
    core = new Core(storage, clock, clock, () -> false, defaults, Runnable::run, 3_600_000L);
    core.open();
    rootToken = core.creator.createInitialRoot(Optional.empty()).tokenId();
    core.policies.write(CREATOR, CREATOR_POLICY);
  }

  /** A policy that may create tokens (no sudo): what a non-root parent in these tests holds. */
  public static final String CREATOR = "a";

  /** Its text. */
  public static final String CREATOR_POLICY = """
      path "auth/token/create" { capabilities = ["update"] }
      path "auth/token/create-orphan" { capabilities = ["update"] }
      path "auth/token/create/*" { capabilities = ["update"] }
      path "auth/token/renew-self" { capabilities = ["update"] }
      path "auth/token/lookup-self" { capabilities = ["read"] }
      """;

  /** Runs an operation as {@code token} through the whole request pipeline. */
  public <T> T as(String token, String path, Operation op, Function<Caller, T> fn) {
    return core.pipeline.handle(token, Route.of(path, op), fn);
  }

  /** Creates a token as {@code parent} through auth/token/create. */
  public CreatedToken create(String parent, CreateRequest req) {
    return as(parent, "auth/token/create", Operation.UPDATE,
        c -> core.creator.create(c.entry(), TokenCreator.Endpoint.CREATE, null, req));
  }

  /** Creates a token as root with the given tweaks. */
  public CreatedToken createAsRoot(CreateRequest req) {
    return create(rootToken, req);
  }

  /** The stored entry of a token, if live. */
  public Optional<TokenEntry> live(String token) {
    return core.resolver.resolve(token);
  }

  /** A create request builder starting from "nothing set". */
  public static Req req() {
    return new Req();
  }

  /** Fluent create-request builder for tests. */
  public static final class Req {
    String id = "";
    List<String> policies = List.of();
    Map<String, String> meta = Map.of();
    boolean noParent;
    boolean noDefaultPolicy;
    Boolean renewable;
    long ttl;
    String type = "";
    long explicitMaxTtl;
    String displayName = "";
    long numUses;
    long period;

    public Req id(String v) {
      id = v;
      return this;
    }

    public Req policies(String... v) {
      policies = List.of(v);
      return this;
    }

    public Req meta(Map<String, String> v) {
      meta = v;
      return this;
    }

    public Req noParent() {
      noParent = true;
      return this;
    }

    public Req noDefaultPolicy() {
      noDefaultPolicy = true;
      return this;
    }

    public Req renewable(boolean v) {
      renewable = v;
      return this;
    }

    public Req ttl(long v) {
      ttl = v;
      return this;
    }

    public Req type(String v) {
      type = v;
      return this;
    }

    public Req explicitMaxTtl(long v) {
      explicitMaxTtl = v;
      return this;
    }

    public Req displayName(String v) {
      displayName = v;
      return this;
    }

    public Req numUses(long v) {
      numUses = v;
      return this;
    }

    public Req period(long v) {
      period = v;
      return this;
    }

    public CreateRequest build() {
      return new CreateRequest(id, policies, meta, noParent, noDefaultPolicy, renewable, ttl, type,
          explicitMaxTtl, displayName, numUses, period);
    }
  }

  @Override
  public void close() {
    core.close();
    storage.close();
  }
}
