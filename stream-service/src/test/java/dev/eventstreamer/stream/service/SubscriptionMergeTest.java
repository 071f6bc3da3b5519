package dev.eventstreamer.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a newer version of a subscription changes in its ingestion. */
class SubscriptionMergeTest {

  static final String ABI = "{\"type\":\"event\",\"name\":\"T\",\"inputs\":[]}";
  static final String SAME_ABI = "{ \"name\": \"T\", \"inputs\": [], \"type\": \"event\" }";

  static Subscription sub(
      long chain, long start, Long end, IngestStatus status, long next, long lastSeq) {
    return new Subscription(
        7, chain, "0xaa", ABI, List.of("0x01"), start, end, "s", false, status, next, lastSeq, 0);
  }

  /** The event of a subscription stored as {@code sub(1, 100, null, ...)}, its ABI respelled. */
  static Subscription respelled() {
    return new Subscription(
        7,
        1,
        "0xaa",
        SAME_ABI,
        List.of("0x01"),
        100,
        null,
        "s",
        false,
        IngestStatus.BACKFILLING,
        100,
        0,
        0);
  }

  @Test
  void beforeAnythingWasIngestedEveryFieldIsTaken() {
    Subscription stored = sub(1, 100, null, IngestStatus.BACKFILLING, 100, 0);
    Subscription merged =
        SubscriptionProjection.merge(stored, sub(2, 50, 80L, IngestStatus.BACKFILLING, 50, 0));
    assertEquals(2, merged.chainId());
    assertEquals(50, merged.startBlock());
    assertEquals(50, merged.nextBlock());
    assertEquals(80L, merged.endBlock());
  }

  @Test
  void theSameVersionAgainLeavesABackfillThatFoundNothingLive() {
    // The lookup stored it, its backfill found nothing and handed over; then its event came.
    Subscription stored = sub(1, 100, null, IngestStatus.LIVE, 100, 0);
    Subscription again = respelled();
    assertNull(SubscriptionProjection.merge(stored, again));
    Subscription moved =
        SubscriptionProjection.merge(stored, sub(1, 90, null, IngestStatus.BACKFILLING, 90, 0));
    assertEquals(IngestStatus.BACKFILLING, moved.status());
    assertEquals(90, moved.nextBlock());
  }

  @Test
  void afterIngestionBeganAMovedStartOrChainChangesNothing() {
    Subscription stored = sub(1, 100, null, IngestStatus.LIVE, 500, 42);
    assertNull(
        SubscriptionProjection.merge(stored, sub(2, 50, null, IngestStatus.BACKFILLING, 50, 0)));
    Subscription renamed =
        SubscriptionProjection.merge(
            stored,
            new Subscription(
                7,
                2,
                "0xaa",
                ABI,
                List.of("0x01", "0x02"),
                50,
                null,
                "s",
                false,
                IngestStatus.BACKFILLING,
                50,
                0,
                0));
    assertEquals(1, renamed.chainId());
    assertEquals(100, renamed.startBlock());
    assertEquals(500, renamed.nextBlock());
    assertEquals(42, renamed.lastSeq());
    assertEquals(IngestStatus.LIVE, renamed.status());
    assertEquals(List.of("0x01", "0x02"), renamed.addresses(), "new addresses apply from here");
  }

  @Test
  void anEndBlockAlreadyPassedCompletesAndARaisedOneResumes() {
    Subscription live = sub(1, 100, null, IngestStatus.LIVE, 500, 42);
    Subscription ended =
        SubscriptionProjection.merge(live, sub(1, 100, 300L, IngestStatus.BACKFILLING, 100, 0));
    assertEquals(IngestStatus.COMPLETED, ended.status());
    Subscription resumed =
        SubscriptionProjection.merge(ended, sub(1, 100, 900L, IngestStatus.BACKFILLING, 100, 0));
    assertEquals(IngestStatus.BACKFILLING, resumed.status());
    assertEquals(500, resumed.nextBlock());
  }

  @Test
  void theSameVersionInAnotherSpellingChangesNothing() {
    Subscription stored = sub(1, 100, null, IngestStatus.LIVE, 500, 42);
    Subscription incoming = respelled();
    assertNull(SubscriptionProjection.merge(stored, incoming));
  }

  @Test
  void aDeletionStopsAndNothingBringsItBack() {
    Subscription stored = sub(1, 100, null, IngestStatus.LIVE, 500, 42);
    Subscription deleted =
        SubscriptionProjection.merge(
            stored,
            new Subscription(
                7,
                1,
                "0xaa",
                ABI,
                List.of(),
                100,
                null,
                "s",
                true,
                IngestStatus.STOPPED,
                100,
                0,
                0));
    assertEquals(IngestStatus.STOPPED, deleted.status());
    assertEquals(true, deleted.deleted());
    assertNull(
        SubscriptionProjection.merge(deleted, sub(1, 100, null, IngestStatus.BACKFILLING, 100, 0)));
  }
}
