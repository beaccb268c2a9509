package io.leasehold.client.cli;

import io.leasehold.client.output.Columns;
import io.leasehold.client.output.OutputFormat;
import io.leasehold.client.output.Printer;
import io.leasehold.client.seal.RootTokenOtp;
import io.leasehold.proto.v1.GenerateRootStatusResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leasehold operator generate-root}: Vault's {@code vault operator generate-root} with the
 * one-time-password flow. {@code -init} starts an attempt (the server makes the pad); each key
 * holder then gives one unseal key with the attempt's nonce; the key that completes the quorum
 * gets the encoded token, which {@code -decode} with {@code -otp} turns into the root token.
 */
@Command(name = "generate-root", sortOptions = false,
    description = {
      "Make a new root token with a quorum of unseal keys. Needs no token: the unseal keys are"
          + " the authority.",
      "",
      "Examples:",
      "  leasehold operator generate-root -init                (prints the Nonce and the OTP)",
      "  leasehold operator generate-root                      (prompts for a key)",
      "  leasehold operator generate-root -nonce=NONCE KEY",
      "  leasehold operator generate-root -decode=ENCODED -otp=OTP",
      "  leasehold operator generate-root -status",
      "  leasehold operator generate-root -cancel",
      ""})
final class GenerateRootCommand extends ClientCommand {
  @Option(names = "-init", arity = "0..1", fallbackValue = "true",
      description = "Start an attempt; prints its nonce and the one-time password (OTP).")
  boolean init;

  @Option(names = "-nonce", paramLabel = "NONCE",
      description = "The attempt's nonce; needed when the key is given as an argument.")
  String nonce;

  @Option(names = "-decode", paramLabel = "ENCODED",
      description = "Decode this encoded token (\"-\" reads it from stdin) with -otp.")
  String decode;

  @Option(names = "-otp", paramLabel = "OTP",
      description = "The one-time password -init printed, for -decode.")
  String otp;

  @Option(names = "-status", arity = "0..1", fallbackValue = "true",
      description = "Print the current attempt's status.")
  boolean status;

  @Option(names = "-cancel", arity = "0..1", fallbackValue = "true",
      description = "Cancel the current attempt and forget the keys given to it.")
  boolean cancel;

  @Parameters(index = "0", arity = "0..1", paramLabel = "KEY",
      description = "One unseal key (base64 or hex); \"-\" or nothing to read it from the"
          + " terminal or stdin.")
  String key;

  /** Shown with the pad, as Vault's warning. */
  static final String OTP_WARNING = "A One-Time-Password has been generated for you and is"
      + " shown in the OTP field. You will need this value to decode the resulting root token,"
      + " so keep it safe.";

  GenerateRootCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    if (init) {
      return "initializing root generation";
    } else if (cancel) {
      return "canceling root token generation";
    } else if (status) {
      return "getting root generation status";
    } else if (decode != null) {
      return "decoding root token";
    }
    return "posting unseal key";
  }

  @Override
  protected int execute() throws IOException {
    int modes = (init ? 1 : 0) + (cancel ? 1 : 0) + (status ? 1 : 0) + (decode != null ? 1 : 0);
    if (modes > 1) {
      throw CliFailure.bare("Only one of -init, -cancel, -status and -decode may be given",
          ExitCodes.LOCAL_ERROR);
    }
    if (modes == 1 && key != null) {
      throw CliFailure.bare("Too many arguments (expected 0, got 1): an unseal key is given"
          + " without -init, -cancel, -status or -decode", ExitCodes.LOCAL_ERROR);
    }
    if (otp != null && decode == null) {
      throw CliFailure.local("-otp is used only with -decode (the server makes the one-time"
          + " password at -init)");
    }
    if (init) {
      return print(client().generateRootInit());
    } else if (cancel) {
      client().generateRootCancel();
      return success("Success! Root token generation canceled (if it was started)");
    } else if (status) {
      return print(client().generateRootStatus());
    } else if (decode != null) {
      return decode();
    }
    return provide();
  }

  /** Gives one unseal key to the running attempt. */
  private int provide() throws IOException {
    GenerateRootStatusResponse current = client().generateRootStatus();
    if (!current.getStarted()) {
      throw CliFailure.bare(Printer.wrap("No root generation is in progress. Start a root"
          + " generation by running \"leasehold operator generate-root -init\".", 0),
          ExitCodes.LOCAL_ERROR);
    }
    String value;
    String attempt;
    if (key == null) {
      // Prompted: the key holder sees the nonce and checks it, as Vault has them do.
      attempt = current.getNonce();
      value = SecretInput.read(ctx, "Operation nonce: " + attempt + "\n"
          + OperatorCommands.KEY_PROMPT);
    } else {
      attempt = nonce == null ? "" : nonce.trim();
      value = key.equals("-") ? SecretInput.read(ctx, OperatorCommands.KEY_PROMPT) : key.trim();
    }
    if (attempt.isEmpty()) {
      throw CliFailure.bare("Missing nonce value: specify it via the -nonce flag",
          ExitCodes.LOCAL_ERROR);
    }
    if (value.isEmpty()) {
      throw CliFailure.local("no unseal key given");
    }
    return print(client().generateRootUpdate(value, attempt));
  }

  /** Decodes locally: the pad never leaves this machine. */
  private int decode() throws IOException {
    String encoded = decode.equals("-") ? SecretInput.read(ctx, "Encoded token: ") : decode.trim();
    if (encoded.isEmpty()) {
      throw CliFailure.local("missing encoded token: use -decode=ENCODED to supply it");
    }
    if (otp == null || otp.isBlank()) {
      throw CliFailure.local("missing one-time password: use -otp to supply it");
    }
    String token;
    try {
      token = RootTokenOtp.decode(encoded, otp.trim());
    } catch (IllegalArgumentException e) {
      throw CliFailure.local(e.getMessage());
    }
    Printer p = printer();
    if (p.format() == OutputFormat.TABLE && !p.hasField()) {
      out().print(token); // raw, no newline, as Vault prints it
      out().flush();
      return ExitCodes.OK;
    }
    return p.ordered(List.of(), Map.of("token", token));
  }

  private int print(GenerateRootStatusResponse s) {
    Printer p = printer();
    if (p.format() != OutputFormat.TABLE || p.hasField()) {
      return p.ordered(List.of(), json(s));
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Nonce", s.getNonce()));
    rows.add(List.of("Started", String.valueOf(s.getStarted())));
    rows.add(List.of("Progress", s.getProgress() + "/" + s.getRequired()));
    rows.add(List.of("Complete", String.valueOf(s.getComplete())));
    if (!s.getEncodedToken().isEmpty()) {
      rows.add(List.of("Encoded Token", s.getEncodedToken()));
    } else if (!s.getEncodedRootToken().isEmpty()) {
      rows.add(List.of("Encoded Root Token", s.getEncodedRootToken()));
    }
    if (!s.getOtp().isEmpty()) {
      err().println(Printer.wrap(OTP_WARNING, 0));
      err().println();
      err().flush();
      rows.add(List.of("OTP", s.getOtp()));
    }
    if (s.getOtpLength() != 0) {
      rows.add(List.of("OTP Length", String.valueOf(s.getOtpLength())));
    }
    out().print(Columns.format(rows));
    out().flush();
    return ExitCodes.OK;
  }

  /** Vault's {@code -format=json} fields for a root generation status. */
  private static Map<String, Object> json(GenerateRootStatusResponse s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("nonce", s.getNonce());
    json.put("started", s.getStarted());
    json.put("progress", (long) s.getProgress());
    json.put("required", (long) s.getRequired());
    json.put("complete", s.getComplete());
    json.put("encoded_token", s.getEncodedToken());
    json.put("encoded_root_token", s.getEncodedRootToken());
    json.put("pgp_fingerprint", "");
    json.put("otp", s.getOtp());
    json.put("otp_length", (long) s.getOtpLength());
    return json;
  }
}
