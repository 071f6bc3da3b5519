package dev.eventstreamer.common.resume;

import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.BAD_BASE64;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.BAD_JSON;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.BAD_PREFIX;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.FOREIGN_SUBSCRIPTION;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.FORGED;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.MISSING_FIELD;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.NEGATIVE_FIELD;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.TOO_LONG;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.TRUNCATED;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.UNKNOWN_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Issuing and verifying resume tokens; every kind of bad token gets its own reason. */
class ResumeTokensTest {

  private static final ResumePosition POSITION = new ResumePosition(42, 7, 19_000_000, 3);

  private final ResumeTokens tokens = new ResumeTokens(ring("k1", 1));

  @Test
  void verifiesWhatItIssued() throws Exception {
    String token = tokens.issue(POSITION);

    assertEquals(POSITION, tokens.verify(token, 42));
  }

  @Test
  void tokenIsUrlSafeAsItIs() {
    String token = tokens.issue(new ResumePosition(Long.MAX_VALUE, Long.MAX_VALUE, 0, 255));

    assertTrue(token.startsWith("rt_"));
    assertEquals(token, URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertFalse(token.contains("="));
  }

  @Test
  void positionIsSnakeCaseJsonWithTheKeyId() {
    String token = tokens.issue(POSITION);

    String json = new String(Base64.getUrlDecoder().decode(body(token)), StandardCharsets.UTF_8);

    assertEquals(
        "{\"key_id\":\"k1\",\"subscription_id\":42,\"sequence\":7,\"block_number\":19000000,"
            + "\"log_index\":3}",
        json);
  }

  @Test
  void signatureIsHmacSha256OfEverythingBeforeTheDot() throws Exception {
    String token = tokens.issue(POSITION);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret(1), "HmacSHA256"));

    byte[] expected =
        mac.doFinal(token.substring(0, token.indexOf('.')).getBytes(StandardCharsets.US_ASCII));

    assertEquals(
        Base64.getUrlEncoder().withoutPadding().encodeToString(expected),
        token.substring(token.indexOf('.') + 1));
  }

  @Test
  void rejectsAForgedSignature() {
    String token = tokens.issue(POSITION);
    char last = token.charAt(token.length() - 2);
    String forged =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);

    assertEquals(FORGED, kindOf(forged, 42));
  }

  @Test
  void rejectsASignatureWithStrayBitsInItsLastCharacter() {
    String token = tokens.issue(POSITION);
    // The last of 43 characters carries 4 signature bits and 2 unused ones that must be zero.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(token.charAt(token.length() - 1));
    String stray = token.substring(0, token.length() - 1) + alphabet.charAt(last | 1);

    assertEquals(FORGED, kindOf(stray, 42));
  }

  @Test
  void rejectsAPositionChangedUnderItsSignature() {
    String token = tokens.issue(POSITION);
    String json =
        "{\"key_id\":\"k1\",\"subscription_id\":42,\"sequence\":7,\"block_number\":1,\"log_index\":3}";
    String altered =
        "rt_"
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8))
            + token.substring(token.indexOf('.'));

    assertEquals(FORGED, kindOf(altered, 42));
  }

  @Test
  void rejectsATruncatedTokenWhereverItWasCut() {
    String token = tokens.issue(POSITION);
    for (int length = 3; length < token.length(); length++) {
      assertEquals(TRUNCATED, kindOf(token.substring(0, length), 42), "cut to " + length);
    }
  }

  @Test
  void rejectsAGenuineTokenOfAnotherSubscription() {
    assertEquals(FOREIGN_SUBSCRIPTION, kindOf(tokens.issue(POSITION), 43));
  }

  @Test
  void rejectsATokenOfAKeyNoLongerOnTheRing() {
    String token = new ResumeTokens(ring("old", 9)).issue(POSITION);

    assertEquals(UNKNOWN_KEY, kindOf(token, 42));
  }

  @Test
  void rejectsMalformedTokensEachWithItsReason() {
    assertEquals(BAD_PREFIX, kindOf(null, 42));
    assertEquals(BAD_PREFIX, kindOf("", 42));
    assertEquals(BAD_PREFIX, kindOf("xx_abc.def", 42));
    assertEquals(BAD_BASE64, kindOf("rt_ab+c." + "A".repeat(43), 42));
    assertEquals(BAD_BASE64, kindOf("rt_abc==." + "A".repeat(43), 42));
    assertEquals(BAD_BASE64, kindOf("rt_abcde." + "A".repeat(43), 42));
    assertEquals(BAD_JSON, kindOf(signed("[1,2]"), 42));
    assertEquals(BAD_JSON, kindOf(signed("{\"key_id\":\"k1\",\"subscription_id\":4.2}"), 42));
    assertEquals(
        MISSING_FIELD,
        kindOf(signed("{\"key_id\":\"k1\",\"subscription_id\":42,\"sequence\":1}"), 42));
    assertEquals(
        NEGATIVE_FIELD,
        kindOf(
            signed(
                "{\"key_id\":\"k1\",\"subscription_id\":42,\"sequence\":-1,\"block_number\":1,"
                    + "\"log_index\":0}"),
            42));
    assertEquals(TOO_LONG, kindOf("rt_" + "A".repeat(100_000), 42));
  }

  @Test
  void everyRejectionMapsToTheApiErrorCode() {
    Set<ResumeTokenException.Kind> seen = EnumSet.noneOf(ResumeTokenException.Kind.class);
    String token = tokens.issue(POSITION);
    for (String bad :
        List.of("", "rt_x", token.substring(0, 20), token + "A", "rt_!." + "A".repeat(43))) {
      ResumeTokenException e =
          assertThrows(ResumeTokenException.class, () -> tokens.verify(bad, 42));
      assertEquals("INVALID_RESUME_TOKEN", e.errorCode());
      seen.add(e.kind());
    }
    assertTrue(seen.size() >= 3, seen.toString());
  }

  @Test
  void rotatedRingSignsWithTheNewKeyAndStillVerifiesTheOld() throws Exception {
    String oldToken = tokens.issue(POSITION);
    ResumeTokens rotated =
        new ResumeTokens(ResumeKeyRing.of("k2", Map.of("k1", secret(1), "k2", secret(2))));

    String newToken = rotated.issue(POSITION);

    assertEquals(POSITION, rotated.verify(oldToken, 42));
    assertEquals(POSITION, rotated.verify(newToken, 42));
    assertNotEquals(oldToken, newToken);
    assertEquals(UNKNOWN_KEY, kindOf(newToken, 42));
  }

  @Test
  void readsKeysFromConfiguration() throws Exception {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("stream.resume.keys.k1", Base64.getEncoder().encodeToString(secret(1)));
    config.put(
        "stream.resume.keys.k2", Base64.getUrlEncoder().withoutPadding().encodeToString(secret(2)));
    config.put("stream.resume.active-key", "k2");
    config.put("stream.other", "ignored");

    ResumeKeyRing ring = ResumeKeyRing.fromConfig(config);

    assertEquals("k2", ring.activeKeyId());
    assertEquals(Set.of("k1", "k2"), ring.keyIds());
    assertEquals(POSITION, new ResumeTokens(ring).verify(tokens.issue(POSITION), 42));
  }

  @Test
  void refusesConfigurationWithClearMessages() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
    String goodKey = Base64.getEncoder().encodeToString(secret(1));

    assertMessage(
        "at least 32", Map.of("stream.resume.keys.k1", shortKey, "stream.resume.active-key", "k1"));
    assertMessage(
        "not base64", Map.of("stream.resume.keys.k1", "%%%", "stream.resume.active-key", "k1"));
    assertMessage("no active", Map.of("stream.resume.keys.k1", goodKey));
    assertMessage(
        "not one of the keys",
        Map.of("stream.resume.keys.k1", goodKey, "stream.resume.active-key", "k9"));
    assertMessage("no resume token keys", Map.of("stream.resume.active-key", "k1"));
    assertMessage(
        "key id", Map.of("stream.resume.keys.k 1", goodKey, "stream.resume.active-key", "k 1"));
  }

  @Test
  void errorMessagesNeverShowTheSecret() {
    String secret = "not-base64-but-secret!!";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ResumeKeyRing.fromConfig(
                    Map.of("stream.resume.keys.k1", secret, "stream.resume.active-key", "k1")));

    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  @Test
  void issuesAndVerifiesFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    ResumePosition p = new ResumePosition(thread, i, i * 3L, i % 7);
                    if (!tokens.verify(tokens.issue(p), thread).equals(p)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- helpers

  static byte[] secret(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }

  private static ResumeKeyRing ring(String id, int seed) {
    return ResumeKeyRing.of(id, Map.of(id, secret(seed)));
  }

  /** A token with this JSON, correctly signed with key k1. */
  private static String signed(String json) {
    try {
      String body =
          "rt_"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(json.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret(1), "HmacSHA256"));
      return body
          + "."
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String body(String token) {
    return token.substring(3, token.indexOf('.'));
  }

  private ResumeTokenException.Kind kindOf(String token, long subscriptionId) {
    return assertThrows(ResumeTokenException.class, () -> tokens.verify(token, subscriptionId))
        .kind();
  }

  private static void assertMessage(String expected, Map<String, String> config) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResumeKeyRing.fromConfig(config));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
