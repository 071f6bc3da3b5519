package dev.eventstreamer.common.eventstream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One event stream message: ordered headers with unique names, and a payload. Every instance is
 * valid (limits, UTF-8, unique names), so encoding it cannot fail.
 */
public final class Message {

  private final List<Header> headers;
  private final byte[] payload;
  private final int headersLength;

  // Trusted: the caller validated the headers, owns nothing it will change, and measured them.
  Message(List<Header> headers, byte[] payload, int headersLength) {
    this.headers = Collections.unmodifiableList(headers);
    this.payload = payload;
    this.headersLength = headersLength;
  }

  /**
   * A message of these headers (in this order) and a copy of this payload.
   *
   * @throws EventStreamException on a duplicate header name ({@code DUPLICATE_HEADER}), a name that
   *     is empty or longer than 255 bytes, a value longer than 32767 bytes, a string that is not
   *     valid UTF-16, headers above 128 KiB or a message above 16 MiB
   */
  public static Message of(List<Header> headers, byte[] payload) throws EventStreamException {
    List<Header> copy = new ArrayList<>(headers);
    for (Header h : copy) {
      Objects.requireNonNull(h, "header");
    }
    int headersLength = Wire.headersLength(copy);
    Wire.checkTotal(headersLength, payload.length);
    return new Message(copy, payload.clone(), headersLength);
  }

  /** A message without headers. */
  public static Message of(byte[] payload) throws EventStreamException {
    return of(List.of(), payload);
  }

  /**
   * An {@code event} message: {@code :message-type}, {@code :event-type}, {@code :content-type}.
   */
  public static Message event(String eventType, String contentType, byte[] payload)
      throws EventStreamException {
    return builder()
        .header(StandardHeaders.MESSAGE_TYPE, StandardHeaders.TYPE_EVENT)
        .header(StandardHeaders.EVENT_TYPE, eventType)
        .header(StandardHeaders.CONTENT_TYPE, contentType)
        .payload(payload)
        .build();
  }

  /** An {@code error} message: {@code :error-code} and {@code :error-message}, no payload. */
  public static Message error(String errorCode, String errorMessage) throws EventStreamException {
    return builder()
        .header(StandardHeaders.MESSAGE_TYPE, StandardHeaders.TYPE_ERROR)
        .header(StandardHeaders.ERROR_CODE, errorCode)
        .header(StandardHeaders.ERROR_MESSAGE, errorMessage)
        .build();
  }

  /** An {@code exception} message: {@code :exception-type} and {@code :content-type}. */
  public static Message exception(String exceptionType, String contentType, byte[] payload)
      throws EventStreamException {
    return builder()
        .header(StandardHeaders.MESSAGE_TYPE, StandardHeaders.TYPE_EXCEPTION)
        .header(StandardHeaders.EXCEPTION_TYPE, exceptionType)
        .header(StandardHeaders.CONTENT_TYPE, contentType)
        .payload(payload)
        .build();
  }

  /** A builder; limits are checked by {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Headers in wire order; unmodifiable. */
  public List<Header> headers() {
    return headers;
  }

  /** The value of the header with this name. */
  public Optional<HeaderValue> header(String name) {
    for (Header h : headers) {
      if (h.name().equals(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** The value of a string header with this name (empty when absent or of another type). */
  public Optional<String> stringHeader(String name) {
    return header(name)
        .filter(HeaderValue.StringValue.class::isInstance)
        .map(v -> ((HeaderValue.StringValue) v).value());
  }

  /** {@code :message-type}, when present as a string. */
  public Optional<String> messageType() {
    return stringHeader(StandardHeaders.MESSAGE_TYPE);
  }

  /** {@code :event-type}, when present as a string. */
  public Optional<String> eventType() {
    return stringHeader(StandardHeaders.EVENT_TYPE);
  }

  /** {@code :content-type}, when present as a string. */
  public Optional<String> contentType() {
    return stringHeader(StandardHeaders.CONTENT_TYPE);
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload as a read-only buffer, without a copy. */
  public ByteBuffer payloadBuffer() {
    return ByteBuffer.wrap(payload).asReadOnlyBuffer();
  }

  /** Payload size in bytes. */
  public int payloadLength() {
    return payload.length;
  }

  /** Size of the headers block in bytes. */
  public int headersLength() {
    return headersLength;
  }

  /** Size of the whole encoded message in bytes. */
  public int encodedLength() {
    return EventStreamLimits.MESSAGE_OVERHEAD + headersLength + payload.length;
  }

  // For the encoder only: no copy.
  byte[] payloadArray() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message other
        && headers.equals(other.headers)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    String shown =
        payload.length <= 64
            ? HexFormat.of().formatHex(payload)
            : HexFormat.of().formatHex(payload, 0, 64) + "...";
    return "Message[headers=" + headers + ", payload(" + payload.length + ")=" + shown + "]";
  }

  /** Collects headers in order and a payload; checks everything on {@link #build()}. */
  public static final class Builder {
    private final List<Header> headers = new ArrayList<>(8);
    private byte[] payload = new byte[0];

    private Builder() {}

    public Builder header(String name, HeaderValue value) {
      headers.add(new Header(name, value));
      return this;
    }

    public Builder header(String name, String value) {
      return header(name, HeaderValue.of(value));
    }

    public Builder header(Header header) {
      headers.add(Objects.requireNonNull(header, "header"));
      return this;
    }

    /** The payload; copied on {@link #build()}. */
    public Builder payload(byte[] payload) {
      this.payload = Objects.requireNonNull(payload, "payload");
      return this;
    }

    /**
     * The message.
     *
     * @throws EventStreamException when a limit is broken (see {@link Message#of(List, byte[])})
     */
    public Message build() throws EventStreamException {
      List<Header> copy = new ArrayList<>(headers);
      int headersLength = Wire.headersLength(copy);
      Wire.checkTotal(headersLength, payload.length);
      return new Message(copy, payload.clone(), headersLength);
    }
  }
}
