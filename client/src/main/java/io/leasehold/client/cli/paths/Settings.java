package io.leasehold.client.cli.paths;

import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.TokenTypeSetting;
import java.util.Locale;

/** Vault's names for token types and token type settings, read into the proto enums. */
public final class Settings {
  private Settings() {}

  /** {@code service}, {@code batch}, or empty/{@code default} for the server's choice. */
  public static TokenType tokenType(String type) {
    String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "", "default" -> TokenType.TOKEN_TYPE_UNSPECIFIED;
      case "service" -> TokenType.TOKEN_TYPE_SERVICE;
      case "batch" -> TokenType.TOKEN_TYPE_BATCH;
      default -> throw new PathException("invalid 'token_type' value \"" + type
          + "\": use service or batch");
    };
  }

  /** A role's or mount's {@code token_type}: default-service, default-batch, service, batch. */
  public static TokenTypeSetting tokenTypeSetting(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "default", "default-service" -> TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE;
      case "default-batch" -> TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH;
      case "service" -> TokenTypeSetting.TOKEN_TYPE_SETTING_SERVICE;
      case "batch" -> TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH;
      default -> throw new PathException("invalid 'token_type' value \"" + type
          + "\": use default-service, default-batch, service or batch");
    };
  }

  /** Vault's name of a token type setting, e.g. {@code default-service}. */
  public static String name(TokenTypeSetting s) {
    return switch (s) {
      case TOKEN_TYPE_SETTING_DEFAULT_BATCH -> "default-batch";
      case TOKEN_TYPE_SETTING_SERVICE -> "service";
      case TOKEN_TYPE_SETTING_BATCH -> "batch";
      default -> "default-service";
    };
  }
}
