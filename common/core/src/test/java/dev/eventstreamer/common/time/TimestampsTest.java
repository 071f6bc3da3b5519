package dev.eventstreamer.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void keepsThreeFractionDigitsEvenWhenTheyAreZero() {
    assertEquals(
        "2024-05-23T10:30:00.000Z", Timestamps.format(Instant.parse("2024-05-23T10:30:00Z")));
  }

  @Test
  void truncatesBelowMilliseconds() {
    assertEquals(
        "2024-05-23T10:30:00.123Z",
        Timestamps.format(Instant.parse("2024-05-23T10:30:00.123987654Z")));
  }

  @Test
  void nowIsInTheApiFormat() {
    assertTrue(Timestamps.now().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
  }
}
