package io.leasehold.client.cli;

import io.grpc.Status;
import io.leasehold.client.LeaseholdClientException;
import io.leasehold.client.cli.paths.PathData;
import io.leasehold.client.cli.paths.PathOp;
import io.leasehold.client.cli.paths.PathRoute;
import io.leasehold.client.cli.paths.PathRouter;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.Printer;
import io.leasehold.client.output.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Vault's generic {@code read}, {@code write}, {@code list} and {@code delete PATH [k=v...]}:
 * the path picks the typed RPC (see {@link PathRouter}); {@code k=-} reads a value from stdin,
 * {@code k=@file} from a file.
 */
abstract class PathCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "PATH", description = "The Vault-style path.")
  String path;

  @Parameters(index = "1..*", paramLabel = "K=V",
      description = "Data: key=value, key=@file (value from a file), key=- (from stdin).")
  List<String> pairs = new ArrayList<>();

  private final PathOp op;
  private final Supplier<PathRouter> router;

  PathCommand(CliContext ctx, PathOp op, Supplier<PathRouter> router) {
    super(ctx);
    this.op = op;
    this.router = router;
  }

  /** Allows a write with no data ({@code -force}); only {@code write} has the flag. */
  boolean force() {
    return false;
  }

  @Override
  protected int execute() throws IOException {
    PathData data = parse(pairs);
    if (op == PathOp.WRITE && data.isEmpty() && !force()) {
      throw CliFailure.bare("Must supply data or use -force", ExitCodes.LOCAL_ERROR);
    }
    PathRouter.Match match = router.get().route(op, path);
    Printer printer = printer();
    Secret secret;
    try {
      secret = match.route().handler().handle(
          new PathRoute.Request(op, path, match.vars(), data, client()));
    } catch (LeaseholdClientException e) {
      if (e.code() == Status.Code.NOT_FOUND && (op == PathOp.READ || op == PathOp.LIST)) {
        throw CliFailure.bare("No value found at " + path, ExitCodes.REMOTE_ERROR);
      }
      throw e;
    }
    List<String> unused = data.unused();
    if (!unused.isEmpty()) {
      printer.warnings(List.of("Endpoint ignored these unrecognized parameters: " + unused));
    }
    return switch (op) {
      case READ -> {
        if (secret == null) {
          throw CliFailure.bare("No value found at " + path, ExitCodes.REMOTE_ERROR);
        }
        yield printer.secret(secret);
      }
      case LIST -> list(printer, secret);
      case DELETE -> success("Success! Data deleted (if it existed) at: " + path);
      case WRITE -> {
        if (secret == null) {
          if (printer.format() == OutputFormat.TABLE) {
            out().println("Success! Data written to: " + path);
            out().flush();
          }
          yield ExitCodes.OK;
        }
        if (secret.data() == null && secret.auth() == null) {
          printer.warnings(secret.warnings());
          yield success("Success! Data written to: " + path);
        }
        yield printer.secret(secret);
      }
    };
  }

  private int list(Printer printer, Secret secret) {
    Object keys = secret == null || secret.data() == null ? null : secret.data().get("keys");
    if (!(keys instanceof List<?> l) || l.isEmpty()) {
      throw CliFailure.bare("No value found at " + path, ExitCodes.REMOTE_ERROR);
    }
    printer.warnings(secret.warnings());
    List<String> names = new ArrayList<>();
    l.forEach(k -> names.add(String.valueOf(k)));
    return printer.list(names);
  }

  /** Reads {@code key=value} arguments, resolving {@code key=-} and {@code key=@file}. */
  PathData parse(List<String> args) throws IOException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.equals("-") || arg.startsWith("@")) {
        throw CliFailure.local("a JSON object as data (\"-\" or @file) is not supported yet;"
            + " give key=value pairs");
      }
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw CliFailure.local("failed to parse K=V data: invalid key/value pair \"" + arg
            + "\": format must be key=value");
      }
      String key = arg.substring(0, eq);
      String value = arg.substring(eq + 1);
      if (value.equals("-")) {
        value = new String(ctx.stdin().readAllBytes(), StandardCharsets.UTF_8);
      } else if (value.startsWith("@")) {
        try {
          value = Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          throw CliFailure.local("no such file: " + value.substring(1));
        }
      }
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return new PathData(values);
  }

  @picocli.CommandLine.Command(name = "read",
      description = {
        "Read the data at a path.",
        "",
        "Examples:",
        "  leasehold read sys/auth/token/tune",
        "  leasehold read cubbyhole/token",
        "  leasehold read auth/token/roles/zabbix",
        "  leasehold read -format=json auth/approle/role/jenkins/role-id",
        "  leasehold read sys/internal/counters/tokens",
        ""})
  static final class Read extends PathCommand {
    Read(CliContext ctx, Supplier<PathRouter> router) {
      super(ctx, PathOp.READ, router);
    }

    @Override
    protected String failure() {
      return "reading " + path;
    }
  }

  @picocli.CommandLine.Command(name = "write",
      description = {
        "Write data to a path: create or change a role, tune a mount, store a secret, ...",
        "",
        "Examples:",
        "  leasehold write auth/token/roles/zabbix allowed_policies=\"policy1, policy2\""
            + " orphan=true period=8h",
        "  leasehold write sys/auth/token/tune default_lease_ttl=8h max_lease_ttl=720h",
        "  leasehold write cubbyhole/token value=1234567890",
        "  leasehold write auth/approle/role/jenkins policies=jenkins period=24h",
        "  leasehold write -f -format=json auth/approle/role/jenkins/secret-id",
        "  leasehold write auth/approle/login role_id=ROLE_ID secret_id=SECRET_ID",
        ""})
  static final class Write extends PathCommand {
    @Option(names = {"-force", "-f"}, arity = "0..1", fallbackValue = "true",
        description = "Write even with no data.")
    boolean force;

    Write(CliContext ctx, Supplier<PathRouter> router) {
      super(ctx, PathOp.WRITE, router);
    }

    @Override
    boolean force() {
      return force;
    }

    @Override
    protected String failure() {
      return "writing data to " + path;
    }
  }

  @picocli.CommandLine.Command(name = "list",
      description = {
        "List the keys under a path.",
        "",
        "Examples:",
        "  leasehold list auth/token/roles",
        "  leasehold list auth/token/accessors",
        "  leasehold list cubbyhole/",
        ""})
  static final class ListKeys extends PathCommand {
    ListKeys(CliContext ctx, Supplier<PathRouter> router) {
      super(ctx, PathOp.LIST, router);
    }

    @Override
    protected String failure() {
      return "listing " + path;
    }
  }

  @picocli.CommandLine.Command(name = "delete",
      description = {
        "Delete the data at a path. Deleting what does not exist succeeds.",
        "",
        "Examples:",
        "  leasehold delete auth/token/roles/zabbix",
        "  leasehold delete cubbyhole/token",
        ""})
  static final class Delete extends PathCommand {
    Delete(CliContext ctx, Supplier<PathRouter> router) {
      super(ctx, PathOp.DELETE, router);
    }

    @Override
    protected String failure() {
      return "deleting " + path;
    }
  }
}
