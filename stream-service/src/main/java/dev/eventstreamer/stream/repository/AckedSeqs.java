package dev.eventstreamer.stream.repository;

import dev.eventstreamer.stream.repository.AckRepository.AckedRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The seqs acknowledged so far, as disjoint, non-adjacent ranges by first seq, each keeping the
 * position of its last event. Adding or counting a range costs a logarithm plus the ranges it
 * touches: one bulk ack of the published client carries thousands of batch ids (3 s of a fast
 * stream), which a list re-sorted per batch turned into seconds.
 */
final class AckedSeqs {

  private final TreeMap<Long, AckedRange> ranges = new TreeMap<>();

  /** Adds {@code r}, merging it with the ranges it overlaps or touches. */
  void add(AckedRange r) {
    long first = r.firstSeq();
    AckedRange last = r;
    Map.Entry<Long, AckedRange> before = ranges.floorEntry(first);
    if (before != null && before.getValue().last().seq() + 1 >= first) {
      first = before.getKey();
      if (before.getValue().last().seq() > last.last().seq()) {
        last = before.getValue();
      }
      ranges.remove(before.getKey());
    }
    while (true) {
      Map.Entry<Long, AckedRange> next = ranges.ceilingEntry(first);
      if (next == null || next.getKey() > last.last().seq() + 1) {
        break;
      }
      if (next.getValue().last().seq() > last.last().seq()) {
        last = next.getValue();
      }
      ranges.remove(next.getKey());
    }
    ranges.put(first, new AckedRange(first, last.last()));
  }

  /** How many seqs of {@code r} no range has. */
  long uncovered(AckedRange r) {
    long from = r.firstSeq();
    long to = r.last().seq();
    if (to < from) {
      return 0;
    }
    Long start = ranges.floorKey(from);
    NavigableMap<Long, AckedRange> touching =
        start == null ? ranges.headMap(to, true) : ranges.subMap(start, true, to, true);
    long covered = 0;
    for (AckedRange c : touching.values()) {
      long lo = Math.max(from, c.firstSeq());
      long hi = Math.min(to, c.last().seq());
      if (hi >= lo) {
        covered += hi - lo + 1;
      }
    }
    return to - from + 1 - covered;
  }

  /** The ranges, in order. */
  List<AckedRange> ranges() {
    return new ArrayList<>(ranges.values());
  }
}
