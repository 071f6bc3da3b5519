package dev.eventstreamer.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProblemExceptionTest {

  @Test
  void copiesLeaveTheOriginalUnchanged() {
    ProblemException open = ProblemException.serviceUnavailable("breaker open");
    ProblemException coded = open.withErrorCode("CIRCUIT_BREAKER_OPEN").with("retry_after", 30);

    assertEquals(Optional.empty(), open.errorCode());
    assertTrue(open.members().isEmpty());
    assertEquals(Optional.of("CIRCUIT_BREAKER_OPEN"), coded.errorCode());
    assertEquals(Map.of("retry_after", 30), coded.members());
    assertEquals(503, coded.status());
    assertEquals("Service Unavailable", coded.title());
    assertEquals("breaker open", coded.detail());
  }

  @Test
  void refusesExtraMembersThatWouldOverwriteStandardOnes() {
    ProblemException e = ProblemException.conflict("taken");
    for (String member :
        List.of("type", "title", "status", "detail", "instance", "error_code", "violations")) {
      assertThrows(IllegalArgumentException.class, () -> e.with(member, "x"), member);
    }
  }

  @Test
  void badRequestFromViolationsNamesEachField() {
    ProblemException e =
        ProblemException.badRequest(
            List.of(
                Violation.body("chain_id", "must not be null"),
                Violation.query("page", "must be at least 1")));

    assertEquals(400, e.status());
    assertEquals(
        "Invalid chain_id: must not be null; Invalid page: must be at least 1", e.detail());
    assertThrows(IllegalArgumentException.class, () -> ProblemException.badRequest(List.of()));
  }

  @Test
  void keepsTheCauseForTheLogOnly() {
    IllegalStateException cause = new IllegalStateException("socket closed");
    ProblemException e =
        ProblemException.serviceUnavailable("chain 1 unreachable")
            .withCause(cause)
            .withErrorCode("X");
    assertEquals(cause, e.getCause());
    assertEquals(0, e.getStackTrace().length, "an expected answer records no stack trace");
  }
}
