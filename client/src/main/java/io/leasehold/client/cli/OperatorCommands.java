package io.leasehold.client.cli;

import io.leasehold.client.output.Columns;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.Printer;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.SealStatusResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leasehold operator init|unseal|seal|rotate}: Vault's {@code vault operator} commands for
 * the seal, with Vault's flags, output and exit codes ({@code generate-root} is {@link
 * GenerateRootCommand}).
 */
final class OperatorCommands {
  private OperatorCommands() {}

  /** The prompt Vault shows before reading an unseal key from the terminal. */
  static final String KEY_PROMPT = "Unseal Key (will be hidden): ";

  /** {@code operator init}: Vault's {@code vault operator init}. */
  @Command(name = "init", sortOptions = false,
      description = {
        "Initialize a new server: make the unseal keys and the initial root token. They are"
            + " printed once and never stored; any -key-threshold of the keys unseal the"
            + " server. Needs no token.",
        "",
        "Examples:",
        "  leasehold operator init",
        "  leasehold operator init -key-shares=5 -key-threshold=3 -format=json",
        "  leasehold operator init -status      (exit 0 initialized, 2 not initialized)",
        ""})
  static final class Init extends ClientCommand {
    @Option(names = {"-key-shares", "-n"}, paramLabel = "N",
        description = "How many unseal keys to make (default 5).")
    int keyShares = 5;

    @Option(names = {"-key-threshold", "-t"}, paramLabel = "T",
        description = "How many of them unseal the server (default 3).")
    int keyThreshold = 3;

    @Option(names = "-status", arity = "0..1", fallbackValue = "true",
        description = "Only say whether the server is initialized: exit 0 if it is, 2 if not.")
    boolean status;

    Init(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return status ? "checking init status" : "initializing";
    }

    /** With -status, 2 means "not initialized": a failed call exits 1, as Vault's. */
    @Override
    protected int remoteErrorExitCode() {
      return status ? ExitCodes.LOCAL_ERROR : ExitCodes.REMOTE_ERROR;
    }

    @Override
    protected int execute() {
      if (status) {
        return initStatus();
      }
      InitResponse r = client().init(keyShares, keyThreshold);
      Printer p = printer();
      if (p.format() != OutputFormat.TABLE || p.hasField()) {
        return p.ordered(List.of(), json(r));
      }
      List<String> keys = r.getKeysBase64Count() == r.getKeysCount() ? r.getKeysBase64List()
          : r.getKeysList();
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < keys.size(); i++) {
        b.append("Unseal Key ").append(i + 1).append(": ").append(keys.get(i)).append('\n');
      }
      b.append("\nInitial Root Token: ").append(r.getRootToken()).append("\n\n");
      b.append(Printer.wrap("Leasehold initialized with " + keyShares + " key shares and a key"
          + " threshold of " + keyThreshold + ". Please securely distribute the key shares"
          + " printed above. When Leasehold is re-sealed, restarted, or stopped, you must"
          + " supply at least " + keyThreshold + " of these keys to unseal it before it can"
          + " start servicing requests.", 0)).append("\n\n");
      b.append(Printer.wrap("Leasehold does not store the generated root key. Without at"
          + " least " + keyThreshold + " keys to reconstruct the root key, Leasehold will"
          + " remain permanently sealed!", 0)).append('\n');
      out().print(b);
      out().flush();
      return ExitCodes.OK;
    }

    private int initStatus() {
      boolean initialized = client().sealStatus().getInitialized();
      Printer p = printer();
      int code = p.format() == OutputFormat.TABLE && !p.hasField()
          ? success(initialized ? "Leasehold is initialized" : "Leasehold is not initialized")
          : p.ordered(List.of(), Map.of("initialized", initialized));
      return code != ExitCodes.OK ? code : initialized ? ExitCodes.OK : ExitCodes.REMOTE_ERROR;
    }

    /** Vault's {@code -format=json} shape; no recovery keys (this seal has none). */
    private Map<String, Object> json(InitResponse r) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("unseal_keys_b64", r.getKeysBase64List());
      json.put("unseal_keys_hex", r.getKeysList());
      json.put("unseal_shares", (long) keyShares);
      json.put("unseal_threshold", (long) keyThreshold);
      json.put("recovery_keys_b64", List.of());
      json.put("recovery_keys_hex", List.of());
      json.put("recovery_keys_shares", 0L);
      json.put("recovery_keys_threshold", 0L);
      json.put("root_token", r.getRootToken());
      return json;
    }
  }

  /** {@code operator unseal}: Vault's {@code vault operator unseal}. */
  @Command(name = "unseal", sortOptions = false,
      description = {
        "Give the server one unseal key; once -key-threshold keys (see 'operator init') have"
            + " been given, it unseals. Prints the seal status after the key. Needs no token.",
        "",
        "With no argument (or \"-\"), the key is read from the terminal without echo, or from"
            + " standard input, which keeps it out of the shell history and the process list.",
        "",
        "Examples:",
        "  leasehold operator unseal          (prompts: Unseal Key (will be hidden):)",
        "  leasehold operator unseal -reset   (forget the keys given so far)",
        ""})
  static final class Unseal extends ClientCommand {
    @Option(names = "-reset", arity = "0..1", fallbackValue = "true",
        description = "Forget the keys given so far in this unseal attempt.")
    boolean reset;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY",
        description = "One unseal key (base64 or hex); \"-\" or nothing to read it from the"
            + " terminal or stdin.")
    String key;

    Unseal(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return reset ? "resetting unseal process" : "unsealing";
    }

    @Override
    protected int execute() throws IOException {
      SealStatusResponse s;
      if (reset) {
        s = client().unsealReset();
      } else {
        String value = key == null || key.equals("-") ? SecretInput.read(ctx, KEY_PROMPT)
            : key.trim();
        if (value.isEmpty()) {
          throw CliFailure.local("no unseal key given");
        }
        s = client().unseal(value);
      }
      return SealStatusView.print(printer(), s);
    }
  }

  /** {@code operator seal}: Vault's {@code vault operator seal}. */
  @Command(name = "seal",
      description = {
        "Seal the server: it forgets its keys and refuses every request but status, init and"
            + " unseal until unsealed again with a quorum of unseal keys. Needs update and sudo"
            + " on sys/seal.",
        ""})
  static final class Seal extends ClientCommand {
    Seal(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "sealing";
    }

    @Override
    protected int execute() {
      client().seal();
      return success("Success! Leasehold is sealed.");
    }
  }

  /** {@code operator rotate}: Vault's {@code vault operator rotate}. */
  @Command(name = "rotate",
      description = {
        "Add a new term to the encryption keyring: new values are encrypted with it, older"
            + " ones stay readable. Needs update and sudo on sys/rotate.",
        ""})
  static final class Rotate extends ClientCommand {
    Rotate(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected String failure() {
      return "rotating key";
    }

    @Override
    protected int execute() {
      int term = client().rotate().getTerm();
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("Key Term", String.valueOf(term)));
      Printer p = printer();
      if (p.format() == OutputFormat.TABLE && !p.hasField()) {
        out().print("Success! Rotated key\n\n" + Columns.format(rows));
        out().flush();
        return ExitCodes.OK;
      }
      return p.ordered(rows, Map.of("term", (long) term));
    }
  }
}
