package dev.eventstreamer.stream.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.stream.repository.AckRepository.AckedRange;
import dev.eventstreamer.stream.repository.AckRepository.Position;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of acknowledged ranges: what is new in an ack, and what becomes contiguous. */
class AckRangesTest {

  static AckedRange r(long first, long last) {
    return new AckedRange(first, new Position(last, last * 10, 0));
  }

  @Test
  void anAckCountsOnlyEventsNoRangeHasYet() {
    List<AckedRange> covered = List.of(r(0, 10), r(21, 30));
    assertEquals(0, AckRepository.uncovered(r(1, 10), covered), "below the cursor: nothing new");
    assertEquals(10, AckRepository.uncovered(r(11, 20), covered), "the gap exactly");
    assertEquals(20, AckRepository.uncovered(r(5, 40), covered), "11-20 and 31-40");
    assertEquals(5, AckRepository.uncovered(r(31, 35), covered));
    assertEquals(0, AckRepository.uncovered(r(22, 29), covered), "inside a waiting range");
  }

  @Test
  void contiguousRangesMergeAndKeepTheEndOfTheLastOne() {
    List<AckedRange> merged = AckRepository.merge(List.of(r(21, 30), r(0, 10), r(11, 20)));
    assertEquals(List.of(r(0, 30)), merged);
    assertEquals(300, merged.get(0).last().block(), "the cursor's token is the last event's");
  }

  @Test
  void aGapKeepsTheLaterRangeWaiting() {
    assertEquals(
        List.of(r(0, 10), r(15, 30)), AckRepository.merge(List.of(r(0, 10), r(15, 20), r(18, 30))));
    assertEquals(List.of(r(0, 10)), AckRepository.merge(List.of(r(0, 10), r(3, 7))));
  }
}
