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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  // MessageDigest instances are not thread-safe, and looking one up costs more than the hash.
  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("no MD5 in this JVM", e);
            }
          });
  private static final ThreadLocal<Object[]> LAST_TIME =
      ThreadLocal.withInitial(() -> new Object[2]);

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
   * the same reorg epoch, so a retried append never makes a second id, and a removal has its own. A
   * name-based UUID (version 3) of the subscription, block hash, log index, removal and epoch.
   */
  public static UUID eventId(
      long subscriptionId, String blockHash, long logIndex, boolean removed, int epoch) {
    MessageDigest md5 = MD5.get();
    ByteBuffer fixed = ByteBuffer.allocate(8 + 8 + 1 + 4);
    fixed.putLong(subscriptionId).putLong(logIndex).put((byte) (removed ? 1 : 0)).putInt(epoch);
    md5.update(fixed.array());
    md5.update(blockHash.getBytes(StandardCharsets.US_ASCII));
    byte[] hash = md5.digest();
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(hash);
    return new UUID(b.getLong(), b.getLong());
  }

  /** The block time in the API format; logs of one block share it, so the last one is kept. */
  private static String format(long seconds) {
    Object[] last = LAST_TIME.get();
    if (last[0] instanceof Long cached && cached == seconds) {
      return (String) last[1];
    }
    String text = Timestamps.format(Instant.ofEpochSecond(seconds));
    last[0] = seconds;
    last[1] = text;
    return text;
  }

  /**
   * A row for {@code log}, its seq left to the append.
   *
   * @param blockTime seconds since the epoch
   * @throws AbiException when the log does not fit the subscription's event
   */
  public LogRow row(
      Subscription s, LogDecoder decoder, ChainLog log, long blockTime, boolean removed, int epoch)
      throws AbiException {
    Map<String, Object> event = decoder.decode(log.toRpcLog());
    UUID id = eventId(s.id(), log.blockHash(), log.logIndex(), removed, epoch);
    event.put(LogFields.REMOVED, removed);
    event.put(LogFields.TIMESTAMP, format(blockTime));
    event.put(LogFields.CHAIN_ID, s.chainId());
    event.put(LogFields.EVENT_ID, id.toString());
    event.put(LogFields.EVENT_NAME, decoder.event().name());
    event.put(LogFields.SUBSCRIPTION_ID, s.id());
    if (s.subscriberId() != null) {
      event.put(LogFields.SUBSCRIBER_ID, s.subscriberId());
    }
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decoded event did not serialize", e);
    }
    return new LogRow(
        0,
        log.blockNumber(),
        (int) log.logIndex(),
        log.blockHash(),
        log.transactionHash() == null ? "" : log.transactionHash(),
        removed,
        decoder.event().name(),
        id,
        OffsetDateTime.ofInstant(Instant.ofEpochSecond(blockTime), ZoneOffset.UTC),
        payload,
        String.join(",", log.topics()),
        log.data());
  }

  /**
   * The removal event of a stored event orphaned by a reorg: the same event object with {@code
   * removed: true} and an id of its own.
   */
  public LogRow removal(long subscriptionId, LogRow orphaned, int epoch) {
    UUID id = eventId(subscriptionId, orphaned.blockHash(), orphaned.logIndex(), true, epoch);
    byte[] payload;
    try {
      ObjectNode event = (ObjectNode) json.readTree(orphaned.payload());
      event.put(LogFields.REMOVED, true);
      event.put(LogFields.EVENT_ID, id.toString());
      payload = json.writeValueAsBytes(event);
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("a stored event is not a JSON object", e);
    }
    return new LogRow(
        0,
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
