package io.leasehold.client.cli;

import io.leasehold.client.ClientConfig;
import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.LeaseholdClientException;
import io.leasehold.client.ServerAddress;
import io.leasehold.client.cli.paths.PathException;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.Printer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command that talks to a server: {@code -address}, {@code -format} and {@code
 * -field}; the configuration read from the {@link CliContext} (flag, then {@code LEASEHOLD_*}, then
 * {@code VAULT_*}, then {@code ~/.leasehold-token}); one client per run, opened on first use and
 * closed at the end; and failures printed the way Vault prints them, with Vault's exit codes.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  protected final CliContext ctx;
  private ClientConfig config;
  private LeaseholdClient client;

  ClientCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** Does the command's work; returns its exit code. */
  protected abstract int execute() throws IOException;

  /** What failed, after {@code Error }: e.g. {@code looking up token}. */
  protected abstract String failure();

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (LeaseholdClientException e) {
      err().print(describe(e));
      err().flush();
      return remoteErrorExitCode();
    } catch (CliFailure e) {
      err().println(e.bare() ? e.getMessage() : "Error " + failure() + ": " + e.getMessage());
      err().flush();
      return e.exitCode();
    } catch (PathException e) {
      err().println("Error " + failure() + ": " + e.getMessage());
      err().flush();
      return ExitCodes.LOCAL_ERROR;
    } catch (IOException e) {
      err().println("Error " + failure() + ": " + e);
      err().flush();
      return ExitCodes.LOCAL_ERROR;
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  /** The exit code when the server refuses or cannot be reached: 2, as Vault's. */
  protected int remoteErrorExitCode() {
    return ExitCodes.REMOTE_ERROR;
  }

  /** Vault's error text for a failed call, ending in a newline. */
  String describe(LeaseholdClientException e) {
    String where = config().address().toString();
    if (!e.fromServer()) {
      String why = switch (e.code()) {
        case UNAVAILABLE -> "cannot reach the Leasehold server at " + where
            + " (is it running? set LEASEHOLD_ADDR or -address)";
        case DEADLINE_EXCEEDED -> "no answer from " + where + " within "
            + config().deadline().toSeconds() + "s";
        default -> "the call to " + where + " failed";
      };
      return "Error " + failure() + ": " + why + ": " + e.code()
          + (e.description().isEmpty() ? "" : ": " + e.description()) + "\n";
    }
    return "Error " + failure() + ": Error making API request.\n\n"
        + "RPC: leasehold.v1." + e.rpc() + " at " + where + "\n"
        + "Code: " + e.httpCode() + ". Errors:\n\n"
        + "* " + e.description() + "\n";
  }

  /** The configuration: environment and token file, overridden by {@code -address}. */
  protected ClientConfig config() {
    if (config == null) {
      ClientConfig c;
      try {
        c = ClientConfig.fromEnvironment(ctx.env(), ctx.home());
        if (connection.address != null && !connection.address.isBlank()) {
          c = c.withAddress(ServerAddress.parse(connection.address));
        }
        String ours = ctx.env().get("LEASEHOLD_TOKEN");
        String vaults = ctx.env().get("VAULT_TOKEN");
        if (ours != null && vaults != null && !ours.isBlank() && !vaults.isBlank()
            && !ours.strip().equals(vaults.strip())) {
          // A lab line such as "VAULT_TOKEN=$X vault ..." would otherwise silently use another token.
          err().println("WARNING! Both LEASEHOLD_TOKEN and VAULT_TOKEN are set; using"
              + " LEASEHOLD_TOKEN.");
          err().flush();
        }
      } catch (IllegalArgumentException e) {
        throw CliFailure.local(e.getMessage());
      } catch (IOException e) {
        throw CliFailure.local("cannot read the token file: " + e.getMessage());
      }
      config = c;
    }
    return config;
  }

  /** The client for this run, connected on first use. */
  protected LeaseholdClient client() {
    if (client == null) {
      client = ctx.connector().apply(config());
    }
    return client;
  }

  /** A printer for {@code -format} (else LEASEHOLD_FORMAT/VAULT_FORMAT) and {@code -field}. */
  protected Printer printer() {
    OutputFormat format = output.format;
    if (format == null) {
      String env = ctx.env().getOrDefault("LEASEHOLD_FORMAT", ctx.env().get("VAULT_FORMAT"));
      try {
        format = OutputFormat.parse(env);
      } catch (IllegalArgumentException e) {
        throw CliFailure.local(e.getMessage());
      }
    }
    return new Printer(out(), err(), format, output.field);
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints a success line such as {@code Success! Revoked token (if it existed)}; returns 0. */
  protected int success(String message) {
    out().println(message);
    out().flush();
    return ExitCodes.OK;
  }
}
