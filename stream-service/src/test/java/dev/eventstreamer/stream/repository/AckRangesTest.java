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

  @Test
  void thousandsOfBatchesInAnyOrderCountAndMergeAsOneSetOfSeqsWould() {
    // The model: a bit per seq. 3,000 batches of 1-120 events acked in a shuffled order, some
    // twice, as the published client's 3 s bulk acks and their retries can carry them.
    java.util.Random random = new java.util.Random(18);
    List<AckedRange> batches = new java.util.ArrayList<>();
    long next = 1;
    for (int i = 0; i < 3_000; i++) {
      long size = 1 + random.nextInt(120);
      batches.add(r(next, next + size - 1));
      next += size;
    }
    List<AckedRange> asked = new java.util.ArrayList<>(batches);
    for (int i = 0; i < 300; i++) {
      asked.add(batches.get(random.nextInt(batches.size())));
    }
    java.util.Collections.shuffle(asked, random);
    java.util.BitSet model = new java.util.BitSet();
    AckedSeqs seqs = new AckedSeqs();
    for (AckedRange a : asked) {
      int from = (int) a.firstSeq();
      int to = (int) a.last().seq() + 1;
      java.util.BitSet range = new java.util.BitSet();
      range.set(from, to);
      range.andNot(model);
      assertEquals(range.cardinality(), seqs.uncovered(a), "new events of " + a);
      model.set(from, to);
      seqs.add(a);
    }
    assertEquals(List.of(r(1, next - 1)), seqs.ranges(), "every batch: one range");
  }
}
