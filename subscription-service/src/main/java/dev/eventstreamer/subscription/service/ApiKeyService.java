package dev.eventstreamer.subscription.service;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.subscription.ApiKeyResponse;
import dev.eventstreamer.subscription.repository.ApiKeyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Issues, lists, revokes and recognises API keys; a key is shown once and stored hashed. */
@ApplicationScoped
public class ApiKeyService {

  private static final String KEY_PREFIX = "esk_";
  private static final int SHOWN_PREFIX = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiKeyRepository keys;

  public ApiKeyService(ApiKeyRepository keys) {
    this.keys = keys;
  }

  /** A new key for the subscriber; the answer is the only place the key itself appears. */
  public Uni<ApiKeyResponse> create(String subscriberId, String name) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return keys.insert(ApiKeys.hash(key), key.substring(0, SHOWN_PREFIX), subscriberId, name, now())
        .map(
            stored ->
                new ApiKeyResponse(
                    stored.id(),
                    key,
                    stored.prefix(),
                    stored.subscriberId(),
                    stored.name(),
                    stored.createdAt(),
                    stored.revokedAt()));
  }

  public Uni<List<ApiKeyResponse>> list(String subscriberId) {
    return keys.list(subscriberId);
  }

  public Uni<ApiKeyResponse> revoke(long id) {
    return keys.revoke(id, now())
        .map(
            revoked ->
                revoked.orElseThrow(
                    () -> ProblemException.notFound("API key " + id + " not found")));
  }

  /** The subscriber a presented key belongs to; empty for an unknown or revoked key. */
  public Uni<Optional<String>> subscriberOf(String key) {
    return keys.subscriberOf(ApiKeys.hash(key));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }
}
