package dev.eventstreamer.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * How a caller presents an API key, the same for every service: {@code Authorization: Bearer <key>}
 * or {@code X-API-Key: <key>}; and the one hash keys are known by (stored, compared, cached), so no
 * service keeps a key itself.
 */
public final class ApiKeys {

  /** The header that carries a key when {@code Authorization} does not. */
  public static final String HEADER = "X-API-Key";

  /**
   * The query parameter that carries a key where a client cannot send headers: only on a stream's
   * GET (the published client sends none there).
   */
  public static final String QUERY_PARAMETER = "api_key";

  private ApiKeys() {}

  /** The key a request presents in {@code authorization} or {@code apiKeyHeader}, if any. */
  public static Optional<String> presented(String authorization, String apiKeyHeader) {
    if (authorization != null
        && authorization.length() > 7
        && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Optional.of(authorization.substring(7).trim()).filter(k -> !k.isEmpty());
    }
    return Optional.ofNullable(apiKeyHeader).map(String::trim).filter(k -> !k.isEmpty());
  }

  /** SHA-256 of the key, in lowercase hex. */
  public static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
