package io.leasehold.server.core.seal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.SealState;
import io.leasehold.server.internal.v1.StoredClusterIdentity;
import io.leasehold.server.internal.v1.StoredSealConfig;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seal's life cycle, Vault's: {@code init} (split a new root key into unseal keys, mint the
 * initial root token), {@code unseal} key by key until the threshold is reached, {@code seal}, and
 * the status. While sealed the barrier holds no keys and the core's services are stopped; the
 * request pipeline asks {@link #sealed()} before anything else.
 *
 * <p>Unseal keys are kept only until the threshold is reached (or the attempt is reset); the root
 * key they join into is checked against the stored keyring before anything is unsealed, so a wrong
 * or foreign key set is refused, never silently accepted. Thread-safe: state changes are
 * serialized; {@link #sealed()} is a volatile read.
 */
public final class SealManager implements SealState {
  private static final Logger LOG = LoggerFactory.getLogger(SealManager.class);
  /** Where the split is recorded, outside the barrier (it must be readable while sealed). */
  static final byte[] CONFIG_KEY = Keys.of("core/seal-config");
  /** The cluster's name and ID, inside the barrier. */
  private static final byte[] CLUSTER_KEY = Keys.of("sys/cluster");
  private static final int WIPE_BATCH = 512;

  private final Storage physical;
  private final Barrier barrier;
  private final String version;
  private final String configuredClusterName;
  private final SecureRandom random = new SecureRandom();
  private final RootGeneration rootGeneration = new RootGeneration(this);
  private volatile UnsealedServices services;
  private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private volatile boolean sealed = true;
  private volatile StoredSealConfig config;
  private volatile StoredClusterIdentity cluster;
  private final List<byte[]> unsealParts = new ArrayList<>();
  /** Copies of the attempt's progress for the lock-free status. */
  private volatile int unsealProgress;
  private volatile String unsealNonce = "";

  /**
   * A sealed server over {@code physical}, seen through {@code barrier}.
   *
   * @param version shown by the status
   * @param configuredClusterName the configuration's {@code cluster_name}, or null for the stored
   *     (or, at first unseal, a generated) one
   */
  public SealManager(Storage physical, Barrier barrier, String version,
      String configuredClusterName) {
    this.physical = physical;
    this.barrier = barrier;
    this.version = version;
    this.configuredClusterName = configuredClusterName;
    this.config = physical.get(CONFIG_KEY).map(SealManager::parseConfig).orElse(null);
  }

  /** Connects the services the seal starts and stops. Called once, before the first unseal. */
  public synchronized void attach(UnsealedServices services) {
    if (this.services != null) {
      throw new IllegalStateException("services already attached");
    }
    this.services = services;
  }

  /** Runs {@code listener} after every seal and unseal (e.g. to update health status). */
  public void onSealChange(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public boolean sealed() {
    return sealed;
  }

  /** Whether {@code init} has run. */
  public boolean initialized() {
    return config != null;
  }

  /** generate-root, whose attempt a seal cancels. */
  public RootGeneration rootGeneration() {
    return rootGeneration;
  }

  /** The barrier the core's storage goes through. */
  public Barrier barrier() {
    return barrier;
  }

  /**
   * The seal status, as {@code sys/seal-status} shows it. Lock-free: it answers at once even while
   * an unseal is starting the core's services.
   */
  public SealStatus status() {
    StoredSealConfig c = config;
    StoredClusterIdentity id = sealed ? null : cluster;
    return new SealStatus("shamir", c != null, sealed,
        c == null ? 0 : c.getSecretThreshold(), c == null ? 0 : c.getSecretShares(),
        unsealProgress, unsealNonce, version, physical.type(),
        id == null ? "" : id.getName(), id == null ? "" : id.getId());
  }

  /**
   * Initializes: a new root key split into {@code shares} unseal keys, {@code threshold} of which
   * unseal; a keyring; the core's first state and the initial root token. The server stays sealed.
   *
   * @param rootTokenId the root token's ID (dev mode), or empty for a random one
   * @throws LeaseholdException INVALID_ARGUMENT with Vault's text for a bad split;
   *     FAILED_PRECONDITION "server is already initialized"
   */
  public synchronized InitResult initialize(int shares, int threshold,
      Optional<String> rootTokenId) {
    validate(shares, threshold);
    if (config != null) {
      throw LeaseholdException.precondition("ALREADY_INITIALIZED",
          "server is already initialized");
    }
    UnsealedServices core = services();
    wipeLeftovers();
    Keyring keys = Keyring.generate(random);
    StoredSealConfig split = StoredSealConfig.newBuilder()
        .setSecretShares(shares).setSecretThreshold(threshold).build();
    String rootToken;
    barrier.unseal(keys);
    try {
      loadClusterIdentity();
      core.open();
      try {
        rootToken = core.createRootToken(rootTokenId);
      } finally {
        core.close();
      }
      // Written last, in one transaction: until then the store counts as not initialized, and
      // anything an interrupted init wrote is unreadable without this keyring and wiped next time.
      physical.transact(tx -> {
        barrier.storeKeyring(tx);
        tx.put(CONFIG_KEY, split.toByteArray());
        return null;
      });
    } finally {
      barrier.seal();
      cluster = null;
    }
    config = split;
    List<String> b64 = new ArrayList<>();
    List<String> hex = new ArrayList<>();
    for (byte[] key : keys.splitRootKey(shares, threshold, random)) {
      b64.add(Base64.getEncoder().encodeToString(key));
      hex.add(HexFormat.of().formatHex(key));
    }
    LOG.info("initialized with {} unseal keys, threshold {}", shares, threshold);
    return new InitResult(b64, hex, rootToken);
  }

  /**
   * Adds one unseal key. Below the threshold it only counts (a key already given is ignored, as in
   * Vault); at the threshold the keys are joined, the root key is checked against the stored
   * keyring, and the server unseals and starts its services. Either way the keys given so far are
   * then forgotten. On an unsealed server it does nothing.
   *
   * @throws LeaseholdException INVALID_ARGUMENT for a malformed key, or "Unseal failed, invalid
   *     key" when the joined key is wrong; FAILED_PRECONDITION when not initialized
   */
  public synchronized SealStatus unseal(String keyText) {
    byte[] key = KeyText.decode(keyText,
        "'key' must be specified in request body as JSON, or 'reset' set to true");
    if (config == null) {
      throw notInitialized();
    }
    if (!sealed) {
      return status();
    }
    for (byte[] given : unsealParts) {
      if (MessageDigest.isEqual(given, key)) {
        return status();
      }
    }
    if (unsealParts.isEmpty()) {
      unsealNonce = UUID.randomUUID().toString();
    }
    unsealParts.add(key);
    unsealProgress = unsealParts.size();
    if (unsealParts.size() < config.getSecretThreshold()) {
      return status();
    }
    byte[] rootKey;
    try {
      rootKey = UnsealKeys.join(unsealParts);
    } catch (IllegalArgumentException e) {
      throw Barrier.invalidKey();
    } finally {
      resetUnseal();
    }
    try {
      barrier.unsealWithRootKey(rootKey);
    } finally {
      java.util.Arrays.fill(rootKey, (byte) 0);
    }
    try {
      loadClusterIdentity();
      services().open();
    } catch (RuntimeException e) {
      services().close();
      barrier.seal();
      cluster = null;
      throw e;
    }
    sealed = false;
    LOG.info("unsealed");
    listeners.forEach(Runnable::run);
    return status();
  }

  /** Forgets the unseal keys given so far and the attempt's nonce. */
  public synchronized SealStatus resetUnseal() {
    unsealParts.clear();
    unsealProgress = 0;
    unsealNonce = "";
    return status();
  }

  /**
   * Seals: refuses new requests, stops the core's services, forgets every key. Sealing a sealed
   * server does nothing. (Authorization, sudo on {@code sys/seal}, is the request pipeline's.)
   */
  public synchronized void seal() {
    if (sealed) {
      return;
    }
    sealed = true;
    rootGeneration.forget();
    try {
      services().close();
    } finally {
      barrier.seal();
      cluster = null;
      LOG.info("sealed");
      listeners.forEach(Runnable::run);
    }
  }

  /** Creates a root token on the unsealed server (generate-root's last step). */
  String createRootToken() {
    return services().createRootToken(Optional.empty());
  }

  /** The split recorded at init (initialized servers only). */
  int threshold() {
    StoredSealConfig c = config;
    if (c == null) {
      throw notInitialized();
    }
    return c.getSecretThreshold();
  }

  static LeaseholdException notInitialized() {
    return LeaseholdException.precondition("NOT_INITIALIZED", "server is not initialized");
  }

  /** Vault's {@code SealConfig.Validate}, in its order and with its texts. */
  private static void validate(int shares, int threshold) {
    String problem = null;
    if (shares < 1) {
      problem = "shares must be at least one";
    } else if (threshold < 1) {
      problem = "threshold must be at least one";
    } else if (shares > 1 && threshold == 1) {
      problem = "threshold must be greater than one for multiple shares";
    } else if (shares > UnsealKeys.MAX_SHARES) {
      problem = "shares must be less than 256";
    } else if (threshold > UnsealKeys.MAX_SHARES) {
      problem = "threshold must be less than 256";
    } else if (threshold > shares) {
      problem = "threshold cannot be larger than shares";
    }
    if (problem != null) {
      throw LeaseholdException.invalid("INVALID_SEAL_CONFIG",
          "invalid seal configuration: " + problem);
    }
  }

  /** Removes whatever an interrupted init left behind: values no stored key can decrypt. */
  private void wipeLeftovers() {
    int removed = 0;
    while (true) {
      List<KeyValue> batch = physical.scan(null, null, WIPE_BATCH);
      if (batch.isEmpty()) {
        break;
      }
      physical.transact(tx -> {
        for (KeyValue kv : batch) {
          tx.discard(kv.key());
        }
        return null;
      });
      removed += batch.size();
    }
    if (removed > 0) {
      LOG.warn("removed {} entries left by an interrupted init", removed);
    }
  }

  /** Reads (or at first unseal, creates) the cluster's identity; the configured name wins. */
  private void loadClusterIdentity() {
    StoredClusterIdentity id = barrier.transact(tx -> {
      Optional<byte[]> stored = tx.get(CLUSTER_KEY);
      StoredClusterIdentity current = stored.isPresent() ? parseCluster(stored.get()) : null;
      String name = configuredClusterName != null && !configuredClusterName.isEmpty()
          ? configuredClusterName
          : current != null ? current.getName() : generatedClusterName();
      if (current != null && current.getName().equals(name)) {
        return current;
      }
      StoredClusterIdentity next = StoredClusterIdentity.newBuilder()
          .setName(name)
          .setId(current != null ? current.getId() : UUID.randomUUID().toString())
          .build();
      tx.put(CLUSTER_KEY, next.toByteArray());
      return next;
    });
    this.cluster = id;
  }

  private String generatedClusterName() {
    byte[] suffix = new byte[4];
    random.nextBytes(suffix);
    return "leasehold-cluster-" + HexFormat.of().formatHex(suffix);
  }

  private UnsealedServices services() {
    if (services == null) {
      throw new IllegalStateException("no services attached to the seal");
    }
    return services;
  }

  private static StoredSealConfig parseConfig(byte[] bytes) {
    try {
      return StoredSealConfig.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored seal configuration is unreadable", e);
    }
  }

  private static StoredClusterIdentity parseCluster(byte[] bytes) {
    try {
      return StoredClusterIdentity.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored cluster identity is unreadable", e);
    }
  }
}
