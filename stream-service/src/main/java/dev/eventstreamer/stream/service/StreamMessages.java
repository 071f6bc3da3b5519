package dev.eventstreamer.stream.service;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.stream.repository.LogEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of a stream's three messages (API.md): event_batch, heartbeat, error. Every id, token
 * and timestamp is a JSON string; events go in as the log stored them, byte for byte.
 */
final class StreamMessages {

  static final String EVENT_BATCH = "event_batch";
  static final String HEARTBEAT = "heartbeat";
  static final String ERROR = "error";

  /**
   * At least the envelope of a batch without its events (about 600 bytes: two tokens, three ids, a
   * timestamp), for sizing it.
   */
  static final int BATCH_OVERHEAD = 1024;

  private StreamMessages() {}

  /**
   * An event_batch of {@code events[from..to)}, all named {@code eventName}.
   *
   * @param resumeToken the token of the batch's last event
   */
  static Buffer batch(
      long subscriptionId,
      String connectionId,
      String resumeToken,
      String batchId,
      String eventName,
      List<LogEvent> events,
      int from,
      int to) {
    int size = BATCH_OVERHEAD;
    for (int i = from; i < to; i++) {
      size += events.get(i).payload().length + 1;
    }
    Buffer out = Buffer.buffer(size);
    out.appendString("{\"type\":\"event_batch\",\"response_id\":\"")
        .appendString(UUID.randomUUID().toString())
        .appendString("\",\"subscription_id\":")
        .appendString(Long.toString(subscriptionId))
        .appendString(",\"connection_id\":\"")
        .appendString(connectionId)
        .appendString("\",\"resume_token\":\"")
        .appendString(resumeToken)
        .appendString("\",\"batch_id\":\"")
        .appendString(batchId)
        .appendString("\",\"events\":{")
        .appendBytes(quoted(eventName))
        .appendString(":[");
    for (int i = from; i < to; i++) {
      if (i > from) {
        out.appendByte((byte) ',');
      }
      out.appendBytes(events.get(i).payload());
    }
    return out.appendString("]},\"batch_size\":")
        .appendString(Integer.toString(to - from))
        .appendString(",\"timestamp\":\"")
        .appendString(Timestamps.now())
        .appendString("\"}");
  }

  static Buffer heartbeat(long subscriptionId, String connectionId) {
    return Buffer.buffer(160)
        .appendString("{\"type\":\"heartbeat\",\"connection_id\":\"")
        .appendString(connectionId)
        .appendString("\",\"subscription_id\":")
        .appendString(Long.toString(subscriptionId))
        .appendString(",\"timestamp\":\"")
        .appendString(Timestamps.now())
        .appendString("\"}");
  }

  /** The message of a stream error telling that the chain's ingestion is blocked. */
  static String blocked(long chainId, String code) {
    String why =
        "RATE_LIMITED".equals(code)
            ? "every RPC endpoint of chain " + chainId + " is rate limiting"
            : "the circuit breaker of every RPC endpoint of chain " + chainId + " is open";
    return "Ingestion is waiting: "
        + why
        + ". The stream stays open; new events follow when the chain can be read again.";
  }

  static Buffer error(
      long subscriptionId, String connectionId, String code, String message, boolean recoverable) {
    return Buffer.buffer(256)
        .appendString("{\"type\":\"error\",\"connection_id\":\"")
        .appendString(connectionId)
        .appendString("\",\"subscription_id\":")
        .appendString(Long.toString(subscriptionId))
        .appendString(",\"error_code\":")
        .appendBytes(quoted(code))
        .appendString(",\"error_message\":")
        .appendBytes(quoted(message))
        .appendString(",\"timestamp\":\"")
        .appendString(Timestamps.now())
        .appendString("\",\"recoverable\":")
        .appendString(Boolean.toString(recoverable))
        .appendString("}");
  }

  private static byte[] quoted(String text) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(text);
    byte[] out = new byte[inner.length + 2];
    out[0] = '"';
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = '"';
    return out;
  }
}
