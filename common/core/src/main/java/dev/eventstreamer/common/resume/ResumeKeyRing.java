package dev.eventstreamer.common.resume;

import dev.eventstreamer.common.resume.impl.PositionJson;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The HMAC keys of resume tokens by id: new tokens are signed with the active key, tokens of any
 * key still on the ring verify, so keys rotate by adding a new one, making it active, and dropping
 * the old one once its tokens no longer matter. Configuration errors are {@link
 * IllegalArgumentException}s that name the key, never the secret.
 */
public final class ResumeKeyRing {

  /** Configuration prefix of the keys: {@code stream.resume.keys.<id>=<base64 secret>}. */
  public static final String KEYS_PREFIX = "stream.resume.keys.";

  /** Configuration key of the active key id: {@code stream.resume.active-key=<id>}. */
  public static final String ACTIVE_KEY = "stream.resume.active-key";

  /** Shortest accepted secret: 32 bytes, the output size of SHA-256 (RFC 2104 advice). */
  public static final int MIN_KEY_BYTES = 32;

  private final String activeKeyId;
  private final Map<String, byte[]> keys;

  private ResumeKeyRing(String activeKeyId, Map<String, byte[]> keys) {
    this.activeKeyId = activeKeyId;
    this.keys = keys;
  }

  /**
   * A ring of raw secrets by key id.
   *
   * @throws IllegalArgumentException when a key id is not 1 to 64 of {@code [A-Za-z0-9._-]}, a
   *     secret is shorter than {@value #MIN_KEY_BYTES} bytes, or the active key is not on the ring
   */
  public static ResumeKeyRing of(String activeKeyId, Map<String, byte[]> secrets) {
    Objects.requireNonNull(secrets, "secrets");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException(
          "no resume token keys: set " + KEYS_PREFIX + "<id>=<base64 secret>");
    }
    Map<String, byte[]> copy = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : secrets.entrySet()) {
      String id = e.getKey();
      if (!PositionJson.isValidKeyId(id)) {
        throw new IllegalArgumentException(
            "resume token key id \"" + id + "\" must be 1 to 64 of [A-Za-z0-9._-]");
      }
      byte[] secret = Objects.requireNonNull(e.getValue(), "secret of key " + id);
      if (secret.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "resume token key \""
                + id
                + "\" has "
                + secret.length
                + " bytes; at least "
                + MIN_KEY_BYTES
                + " are required");
      }
      copy.put(id, secret.clone());
    }
    if (activeKeyId == null || activeKeyId.isBlank()) {
      throw new IllegalArgumentException(
          "no active resume token key: set " + ACTIVE_KEY + " to one of " + copy.keySet());
    }
    if (!copy.containsKey(activeKeyId)) {
      throw new IllegalArgumentException(
          ACTIVE_KEY
              + " is \""
              + activeKeyId
              + "\", which is not one of the keys "
              + copy.keySet());
    }
    return new ResumeKeyRing(activeKeyId, Collections.unmodifiableMap(copy));
  }

  /**
   * A ring of base64 secrets (standard or URL-safe alphabet, padding optional) by key id.
   *
   * @throws IllegalArgumentException as {@link #of(String, Map)}, or when a secret is not base64
   */
  public static ResumeKeyRing fromBase64(String activeKeyId, Map<String, String> base64Secrets) {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : base64Secrets.entrySet()) {
      secrets.put(e.getKey(), decodeSecret(e.getKey(), e.getValue()));
    }
    return of(activeKeyId, secrets);
  }

  /**
   * A ring from flat configuration properties: every {@code stream.resume.keys.<id>} and {@code
   * stream.resume.active-key}; other properties are ignored.
   *
   * @throws IllegalArgumentException as {@link #fromBase64(String, Map)}
   */
  public static ResumeKeyRing fromConfig(Map<String, String> config) {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : config.entrySet()) {
      if (e.getKey().startsWith(KEYS_PREFIX)) {
        secrets.put(e.getKey().substring(KEYS_PREFIX.length()), e.getValue());
      }
    }
    return fromBase64(config.get(ACTIVE_KEY), secrets);
  }

  private static byte[] decodeSecret(String id, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("resume token key \"" + id + "\" is empty");
    }
    String trimmed = value.strip();
    try {
      boolean urlSafe = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0;
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(trimmed);
    } catch (IllegalArgumentException e) {
      // The decoder's message can quote the secret's characters: keep it out.
      throw new IllegalArgumentException(
          "resume token key \"" + id + "\" is not base64 (standard or URL-safe alphabet)");
    }
  }

  /** Id of the key new tokens are signed with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  /** Ids of all keys that verify tokens. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  // For ResumeTokens; the map and arrays are never handed out.
  Map<String, byte[]> secrets() {
    return keys;
  }

  @Override
  public String toString() {
    return "ResumeKeyRing[active=" + activeKeyId + ", keys=" + keys.keySet() + "]";
  }
}
