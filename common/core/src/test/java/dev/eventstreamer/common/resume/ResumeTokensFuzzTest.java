package dev.eventstreamer.common.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Arbitrary strings (any UTF-8 decoding of the fuzzer's bytes) as resume tokens: only a position or
 * a {@link ResumeTokenException}, and a position only for a token we issued.
 */
class ResumeTokensFuzzTest {

  private static final ResumeTokens TOKENS =
      new ResumeTokens(
          ResumeKeyRing.of(
              "k2", Map.of("k1", ResumeTokensTest.secret(1), "k2", ResumeTokensTest.secret(2))));

  @FuzzTest(maxDuration = "5m")
  void verifierSurvivesAnyString(byte[] input) {
    // UTF-8, so a committed input file is the token it holds, byte for byte.
    String token = new String(input, StandardCharsets.UTF_8);
    try {
      ResumePosition position = TOKENS.verify(token, 42);
      // Accepted: it must be exactly what we would issue (keys k1 and k2 give different tokens).
      String k1 =
          new ResumeTokens(ResumeKeyRing.of("k1", Map.of("k1", ResumeTokensTest.secret(1))))
              .issue(position);
      if (!token.equals(k1)) {
        assertEquals(TOKENS.issue(position), token);
      }
    } catch (ResumeTokenException expected) {
      // Rejected with a reason: the contract.
    }
  }
}
