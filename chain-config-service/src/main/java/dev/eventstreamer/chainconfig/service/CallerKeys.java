package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.config.AuthConfig;
import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * What a presented API key lets its caller do here, when {@code chain-config.auth.enabled}: the
 * admin key changes chains and resets breakers, the admin key and the service keys use the JSON-RPC
 * gateway; any other key (a subscriber's from subscription-service, a revoked or mistyped one) does
 * neither. Keys are known by their hashes and compared hash to hash in constant time.
 */
@ApplicationScoped
public class CallerKeys {

  private static final String HOW =
      "header Authorization: Bearer <key> or " + ApiKeys.HEADER + ": <key>";

  private final boolean enabled;
  private final byte[] admin;
  private final List<byte[]> services;

  CallerKeys(AuthConfig config) {
    this.enabled = config.enabled();
    this.admin =
        config
            .adminKey()
            .map(String::trim)
            .filter(k -> !k.isEmpty())
            .map(CallerKeys::hash)
            .orElse(null);
    this.services =
        config.serviceKeys().orElse(List.of()).stream()
            .map(String::trim)
            .filter(k -> !k.isEmpty())
            .map(CallerKeys::hash)
            .toList();
  }

  void announce(@Observes StartupEvent start) {
    if (!enabled) {
      Log.info("API keys are off: chain writes, breaker resets and the RPC gateway are open");
    } else if (admin == null && services.isEmpty()) {
      Log.warn(
          "API keys are on without chain-config.auth.admin-key or service-keys: chain writes,"
              + " breaker resets and the RPC gateway are closed to everyone");
    } else {
      Log.infof(
          "API keys are on: chain writes and breaker resets %s, the RPC gateway takes %s",
          admin == null ? "closed (no admin key)" : "need the admin key",
          (admin == null ? "" : "the admin key and ") + services.size() + " service key(s)");
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Lets the caller change chains and reset circuit breakers, or throws the problem to answer: 401
   * without a key or with one this service does not know (a subscriber's key among them), 403 with
   * a service key, or when no admin key is configured.
   */
  public void requireAdmin(Optional<String> key) {
    if (!enabled) {
      return;
    }
    if (admin == null) {
      throw ProblemException.forbidden(
          "Chain writes and circuit-breaker resets are closed: no chain-config.auth.admin-key is"
              + " configured");
    }
    if (key.isEmpty()) {
      throw ProblemException.unauthorized(
          "The admin key is required to change chains or reset circuit breakers: " + HOW);
    }
    byte[] presented = hash(key.get());
    if (MessageDigest.isEqual(admin, presented)) {
      return;
    }
    if (isService(presented)) {
      throw ProblemException.forbidden(
          "A service key may use the RPC gateway but not change chains or reset circuit breakers:"
              + " the admin key is required");
    }
    throw ProblemException.unauthorized(
        "The API key is not valid here: only the admin key changes chains or resets circuit"
            + " breakers (a subscriber's key cannot)");
  }

  /**
   * Lets the caller use the JSON-RPC gateway ({@code /rpc/{chain_id}}, HTTP and WebSocket), or
   * throws: 401 without a key or with one that is neither the admin key nor a service key, 403 when
   * no key is configured at all.
   */
  public void requireRpc(Optional<String> key) {
    if (!enabled) {
      return;
    }
    if (admin == null && services.isEmpty()) {
      throw ProblemException.forbidden(
          "The RPC gateway is closed: neither chain-config.auth.admin-key nor"
              + " chain-config.auth.service-keys is configured");
    }
    if (key.isEmpty()) {
      throw ProblemException.unauthorized(
          "An API key is required for the RPC gateway (the admin key or a service key): " + HOW);
    }
    byte[] presented = hash(key.get());
    // Both compared, whichever matches: the time does not tell which kind of key was sent.
    boolean isAdmin = admin != null && MessageDigest.isEqual(admin, presented);
    if (!(isService(presented) | isAdmin)) {
      throw ProblemException.unauthorized(
          "The API key is not valid for the RPC gateway: it takes the admin key or a service key"
              + " (not a subscriber's key: the gateway spends the operator's provider quota)");
    }
  }

  private boolean isService(byte[] presented) {
    boolean found = false;
    for (byte[] service : services) {
      found |= MessageDigest.isEqual(service, presented);
    }
    return found;
  }

  private static byte[] hash(String key) {
    return ApiKeys.hash(key).getBytes(StandardCharsets.US_ASCII);
  }
}
