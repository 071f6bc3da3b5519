package dev.eventstreamer.stream.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.abi.Abi;
import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.abi.LogDecoder;
import dev.eventstreamer.common.abi.LogFields;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.client.ChainLog;
import dev.eventstreamer.stream.repository.LogRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a subscription's logs into rows of its log: the event object of API.md (decoded parameters
 * by name, position fields, block time, chain id, event id) as JSON, plus the raw log. Decoders are
 * built once per subscription and event ABI.
 */
@ApplicationScoped
public class EventDecoding {

  private final ObjectMapper json = new ObjectMapper();
  private final Map<Long, CachedDecoder> decoders = new ConcurrentHashMap<>();

  private record CachedDecoder(String signature, LogDecoder decoder) {}

  /** The decoder of a subscription's event ABI. */
  public LogDecoder decoder(Subscription s) throws AbiException {
    CachedDecoder cached = decoders.get(s.id());
    if (cached != null && cached.signature().equals(s.eventSignature())) {
      return cached.decoder();
    }
    LogDecoder decoder = Abi.decoder(s.eventSignature());
    decoders.put(s.id(), new CachedDecoder(s.eventSignature(), decoder));
    return decoder;
  }

  /**
   * The event id of a log in a subscription's log: the same every time the same log is appended in
   * the same reorg epoch, so a retried append never makes a second id, and a removal has its own.
   */
  public static UUID eventId(
      long subscriptionId, String blockHash, long logIndex, boolean removed, int epoch) {
    String name =
        subscriptionId
            + ":"
            + blockHash
            + ":"
            + logIndex
            + ":"
            + (removed ? "r" : "a")
            + ":"
            + epoch;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A row for {@code log}.
   *
   * @param blockTime seconds since the epoch
   * @throws AbiException when the log does not fit the subscription's event
   */
  public LogRow row(
      Subscription s,
      LogDecoder decoder,
      ChainLog log,
      long blockTime,
      long seq,
      boolean removed,
      int epoch)
      throws AbiException {
    Map<String, Object> event = decoder.decode(log.toRpcLog());
    UUID id = eventId(s.id(), log.blockHash(), log.logIndex(), removed, epoch);
    Instant time = Instant.ofEpochSecond(blockTime);
    event.put(LogFields.REMOVED, removed);
    event.put(LogFields.TIMESTAMP, Timestamps.format(time));
    event.put(LogFields.CHAIN_ID, s.chainId());
    event.put(LogFields.EVENT_ID, id.toString());
    String payload;
    try {
      payload = json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decoded event did not serialize", e);
    }
    return new LogRow(
        seq,
        log.blockNumber(),
        (int) log.logIndex(),
        log.blockHash(),
        log.transactionHash() == null ? "" : log.transactionHash(),
        removed,
        decoder.event().name(),
        id,
        OffsetDateTime.ofInstant(time, ZoneOffset.UTC),
        payload,
        String.join(",", log.topics()),
        log.data());
  }

  /**
   * The removal event of a stored event orphaned by a reorg: the same event object with {@code
   * removed: true} and an id of its own, at {@code seq}.
   */
  public LogRow removal(long subscriptionId, LogRow orphaned, long seq, int epoch) {
    UUID id = eventId(subscriptionId, orphaned.blockHash(), orphaned.logIndex(), true, epoch);
    String payload;
    try {
      ObjectNode event = (ObjectNode) json.readTree(orphaned.payload());
      event.put(LogFields.REMOVED, true);
      event.put(LogFields.EVENT_ID, id.toString());
      payload = json.writeValueAsString(event);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("a stored event is not a JSON object", e);
    }
    return new LogRow(
        seq,
        orphaned.blockNumber(),
        orphaned.logIndex(),
        orphaned.blockHash(),
        orphaned.transactionHash(),
        true,
        orphaned.eventName(),
        id,
        orphaned.blockTime(),
        payload,
        orphaned.topics(),
        orphaned.data());
  }

  /** Forgets a subscription's decoder (it was deleted). */
  public void forget(long subscriptionId) {
    decoders.remove(subscriptionId);
  }
}
