package io.leasehold.client.cli;

import io.leasehold.client.ClientConfig;
import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.Printer;
import io.leasehold.client.output.Secret;
import io.leasehold.client.output.TokenViews;
import io.leasehold.proto.v1.TokenInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leasehold login}: Vault's {@code vault login} with the token method. Checks the token
 * with a lookup of itself, then stores it in {@code ~/.leasehold-token} (mode 0600), which every
 * later command uses when neither LEASEHOLD_TOKEN nor VAULT_TOKEN is set.
 */
@Command(name = "login", sortOptions = false,
    description = {
      "Authenticate with a token: check it with the server and store it in ~/.leasehold-token"
          + " (readable by you only), where later commands find it when LEASEHOLD_TOKEN and"
          + " VAULT_TOKEN are not set.",
      "",
      "With no argument (or \"-\"), the token is read from the terminal without echo, or from"
          + " standard input.",
      "",
      "Examples:",
      "  leasehold login s.xxxxxxxxxxxxxxxxxxxxxxxx",
      "  leasehold login b.AAAA...      (a batch token)",
      "  echo $TOKEN | leasehold login -",
      ""})
final class LoginCommand extends ClientCommand {

  @Option(names = "-method", paramLabel = "TYPE",
      description = "The auth method; only token for now (AppRole logins: leasehold write"
          + " auth/approle/login ...).")
  String method = "token";

  @Option(names = "-no-store", arity = "0..1", fallbackValue = "true",
      description = "Check the token but do not store it.")
  boolean noStore;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN",
      description = "The token; \"-\" or nothing to read it from the terminal or stdin.")
  String token;

  LoginCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "authenticating";
  }

  @Override
  protected int execute() throws IOException {
    if (!method.equals("token")) {
      throw CliFailure.local("unsupported -method=" + method + "; this version supports only"
          + " token (log in with AppRole through: leasehold write auth/approle/login"
          + " role_id=... secret_id=...)");
    }
    String value = token == null || token.equals("-")
        ? SecretInput.read(ctx, "Token (will be hidden): ") : token.trim();
    if (value.isEmpty()) {
      throw CliFailure.local("no token given");
    }
    ClientConfig checked = config().withToken(value, "login");
    TokenInfo info;
    try (LeaseholdClient c = ctx.connector().apply(checked)) {
      info = c.lookupSelf().getData();
    }
    if (!noStore) {
      store(ctx.home(), value);
    }
    String envToken = config().tokenSource();
    if (envToken.equals("LEASEHOLD_TOKEN") || envToken.equals("VAULT_TOKEN")) {
      err().println("WARNING! The " + envToken + " environment variable is set! It takes"
          + " precedence over the stored token; unset it to use the token you just stored.");
      err().println();
      err().flush();
    }
    Printer p = printer();
    if (p.format() == OutputFormat.TABLE && !p.hasField()) {
      out().println(noStore
          ? "Success! The token is valid. It was not stored (-no-store).\n"
          : "Success! You are now authenticated. The token information displayed below\n"
              + "is already stored in ~/" + ClientConfig.TOKEN_FILE + ". You do NOT need to run"
              + " \"leasehold login\"\nagain. Future requests will automatically use this"
              + " token.\n");
    }
    return p.secret(Secret.ofAuth(TokenViews.auth(info, value), java.util.List.of()));
  }

  /** Writes the token file readable and writable by the owner only, replacing it atomically. */
  static void store(Path home, String token) throws IOException {
    Files.createDirectories(home);
    Path target = home.resolve(ClientConfig.TOKEN_FILE);
    Path tmp;
    try {
      tmp = Files.createTempFile(home, ".leasehold-token", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(home, ".leasehold-token", ".tmp"); // not a POSIX file system
    }
    try {
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
