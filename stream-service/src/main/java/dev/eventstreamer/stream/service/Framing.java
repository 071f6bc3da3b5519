package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.eventstream.EventStreamCodec;
import dev.eventstreamer.common.eventstream.EventStreamException;
import dev.eventstreamer.common.eventstream.Message;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * How a stream's messages are framed on the wire, chosen by the request's {@code Accept}: NDJSON
 * (the default: one JSON object per line), Server-Sent Events ({@code event:} the message type,
 * {@code id:} the batch id), or AWS event stream binary frames ({@code :message-type} event, {@code
 * :event-type} the message type, {@code :content-type} application/json).
 */
public enum Framing {
  NDJSON("application/x-ndjson") {
    @Override
    public Buffer frame(String type, String id, Buffer json) {
      return json.appendByte((byte) '\n');
    }
  },
  SSE("text/event-stream") {
    @Override
    public Buffer frame(String type, String id, Buffer json) {
      Buffer out = Buffer.buffer(json.length() + 96);
      out.appendString("event: ").appendString(type).appendByte((byte) '\n');
      if (id != null) {
        out.appendString("id: ").appendString(id).appendByte((byte) '\n');
      }
      // Compact JSON has no line breaks: one data line.
      return out.appendString("data: ").appendBuffer(json).appendString("\n\n");
    }
  },
  EVENT_STREAM("application/vnd.amazon.eventstream") {
    @Override
    public Buffer frame(String type, String id, Buffer json) {
      try {
        return Buffer.buffer(EventStreamCodec.encode(Message.event(type, JSON, json.getBytes())));
      } catch (EventStreamException e) {
        // Our own types and JSON always fit a frame; a payload over 16 MiB would not.
        throw new IllegalStateException("a stream message does not fit an event stream frame", e);
      }
    }
  };

  private static final String JSON = "application/json";

  private final String contentType;

  Framing(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** The wire form of one message ({@code json} may be reused). */
  public abstract Buffer frame(String type, String id, Buffer json);

  /** The framing an {@code Accept} header asks for; NDJSON when it names neither other one. */
  public static Framing accepting(String accept) {
    if (accept == null) {
      return NDJSON;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    if (a.contains(EVENT_STREAM.contentType)) {
      return EVENT_STREAM;
    }
    if (a.contains(SSE.contentType)) {
      return SSE;
    }
    return NDJSON;
  }
}
