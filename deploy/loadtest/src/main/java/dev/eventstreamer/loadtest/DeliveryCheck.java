package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.Hex;
import dev.eventstreamer.infra.devchain.TestToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one user got against what the chain holds: every Transfer of the subscription's token from
 * its start block to the head, read with eth_getLogs from the node itself, must have been read, in
 * (block, log index) order on every connection, and none again after its batch was acknowledged.
 */
final class DeliveryCheck {

  /** The figures of one or more users. */
  record Result(
      long expected,
      long lost,
      long outOfOrder,
      long duplicatesAfterAck,
      long redeliveredUnacked,
      long unexpected,
      List<String> examples) {

    static Result empty() {
      return new Result(0, 0, 0, 0, 0, 0, List.of());
    }

    Result plus(Result o) {
      List<String> all = new ArrayList<>(examples);
      all.addAll(o.examples);
      return new Result(
          expected + o.expected,
          lost + o.lost,
          outOfOrder + o.outOfOrder,
          duplicatesAfterAck + o.duplicatesAfterAck,
          redeliveredUnacked + o.redeliveredUnacked,
          unexpected + o.unexpected,
          all.subList(0, Math.min(all.size(), 12)));
    }

    boolean correct() {
      return lost == 0 && outOfOrder == 0 && duplicatesAfterAck == 0 && unexpected == 0;
    }
  }

  private DeliveryCheck() {}

  /** The (block, log index) of every Transfer of {@code token} in the block range, in order. */
  static List<long[]> chainTransfers(DevChain chain, String token, long from, long to) {
    List<long[]> all = new ArrayList<>();
    // Chunks, so a long history does not make one huge answer.
    for (long start = from; start <= to; start += 5_000) {
      long end = Math.min(to, start + 4_999);
      for (JsonNode log : chain.getLogs(start, end, token, TestToken.TRANSFER_TOPIC0)) {
        all.add(new long[] {Hex.toLong(log.get("blockNumber")), Hex.toLong(log.get("logIndex"))});
      }
    }
    all.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    return all;
  }

  /** Checks one user's receipts against {@code expected} (the chain's Transfers in its range). */
  static Result check(StreamingUser user, List<long[]> expected) {
    List<StreamingUser.Receipt> receipts = user.receipts();
    Map<String, Long> acknowledgedAt = user.acknowledgedAt();
    List<Long> opened = user.connectionOpened();
    Set<Long> wanted = new HashSet<>();
    for (long[] e : expected) {
      wanted.add(key(e[0], e[1]));
    }
    List<String> examples = new ArrayList<>();
    String who = user.name() + " (subscription " + user.subscriptionId() + ")";
    // Per event: the batches it came in so far.
    Map<Long, List<String>> seenIn = new HashMap<>();
    Map<Integer, Long> lastOnConnection = new HashMap<>();
    long outOfOrder = 0;
    long duplicatesAfterAck = 0;
    long redeliveredUnacked = 0;
    long unexpected = 0;
    for (StreamingUser.Receipt r : receipts) {
      long k = key(r.block(), r.logIndex());
      if (!wanted.contains(k)) {
        unexpected++;
        note(
            examples,
            who + ": event not on the chain in range: block " + r.block() + " log " + r.logIndex());
      }
      Long last = lastOnConnection.put(r.connection(), k);
      if (last != null && k <= last) {
        outOfOrder++;
        note(
            examples,
            who
                + ": out of order on connection "
                + r.connection()
                + ": block "
                + r.block()
                + " log "
                + r.logIndex()
                + " after block "
                + (last >> 20)
                + " log "
                + (last & 0xFFFFF));
      }
      List<String> batches = seenIn.computeIfAbsent(k, x -> new ArrayList<>(1));
      if (!batches.isEmpty()) {
        long connectionStart =
            r.connection() < opened.size() ? opened.get(r.connection()) : r.nanos();
        boolean acknowledgedBefore =
            batches.stream()
                .map(acknowledgedAt::get)
                .anyMatch(at -> at != null && at < connectionStart);
        if (acknowledgedBefore) {
          duplicatesAfterAck++;
          note(
              examples,
              who
                  + ": block "
                  + r.block()
                  + " log "
                  + r.logIndex()
                  + " came again on connection "
                  + r.connection()
                  + " after its batch was acknowledged");
        } else {
          redeliveredUnacked++;
        }
      }
      batches.add(r.batchId());
    }
    long lost = 0;
    for (long[] e : expected) {
      if (!seenIn.containsKey(key(e[0], e[1]))) {
        lost++;
        note(examples, who + ": never delivered: block " + e[0] + " log " + e[1]);
      }
    }
    return new Result(
        expected.size(),
        lost,
        outOfOrder,
        duplicatesAfterAck,
        redeliveredUnacked,
        unexpected,
        examples);
  }

  private static void note(List<String> examples, String line) {
    if (examples.size() < 5) {
      examples.add(line);
    }
  }

  static long key(long block, long logIndex) {
    return (block << 20) | logIndex;
  }
}
