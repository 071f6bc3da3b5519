package dev.eventstreamer.common.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.eventstreamer.common.cloudevents.CloudEventException.Kind;
import dev.eventstreamer.common.cloudevents.impl.HeaderValues;
import dev.eventstreamer.common.cloudevents.impl.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudEvents HTTP binding over the SDK: binary, structured and batch modes; spec 1.0 and 0.3
 * read, 1.0 written. Shaped for a REST resource: headers and body bytes in, headers and body bytes
 * out.
 *
 * <pre>{@code
 * @POST @Consumes(MediaType.WILDCARD)
 * public Response ingest(@Context HttpHeaders headers, byte[] body) {
 *   List<EventEnvelope> events = CloudEventsHttp.read(headers.getRequestHeaders(), body);
 *   ...
 * }
 * }</pre>
 */
public final class CloudEventsHttp {

  /** Content type of structured mode. */
  public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

  /** Content type of batch mode: a JSON array of structured events. */
  public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

  private static final String CONTENT_TYPE = "content-type";
  private static final String PREFIX = "ce-";
  private static final String SPEC_VERSION = "ce-specversion";

  // Built once without the ServiceLoader lookup the SDK's EventFormatProvider does (native image).
  private static final JsonFormat FORMAT = new JsonFormat();

  // The SDK names the missing attribute in its message only; the kind needs it as a value.
  private static final Pattern MISSING = Pattern.compile("[Aa]ttribute '?([a-z0-9]+)'?");
  private static final Pattern SDK_MISSING =
      Pattern.compile("Missing mandatory ([a-z0-9]+) attribute");
  private static final Pattern SDK_ATTRIBUTE = Pattern.compile("attribute '?([a-z0-9]+)'?");

  /** How events travel in an HTTP message. */
  public enum Mode {
    /** Attributes in {@code ce-} headers, data as the body. */
    BINARY,
    /** One event as a JSON object, {@value #STRUCTURED_CONTENT_TYPE}. */
    STRUCTURED,
    /** Events as a JSON array, {@value #BATCH_CONTENT_TYPE}. */
    BATCH
  }

  /**
   * Headers and body of an HTTP message carrying events.
   *
   * @param headers header names as the binding spells them ({@code Content-Type}, {@code ce-id})
   */
  public record Payload(Map<String, String> headers, byte[] body) {

    public Payload {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public String contentType() {
      return headers.get("Content-Type");
    }
  }

  private CloudEventsHttp() {}

  /** The mode a request with this {@code Content-Type} uses. */
  public static Mode modeOf(String contentType) {
    String type = contentType == null ? "" : contentType.trim().toLowerCase(Locale.ROOT);
    if (type.startsWith(BATCH_CONTENT_TYPE)) {
      return Mode.BATCH;
    }
    if (type.startsWith("application/cloudevents")) {
      return Mode.STRUCTURED;
    }
    return Mode.BINARY;
  }

  /**
   * Reads the events of an HTTP message in any mode (one event unless it is a batch).
   *
   * @param headers the message's headers, any case (JAX-RS {@code HttpHeaders.getRequestHeaders()})
   * @param body the body, possibly empty
   * @throws CloudEventException naming what is wrong
   */
  public static List<EventEnvelope> read(
      Map<String, ? extends Collection<String>> headers, byte[] body) {
    Map<String, String> single = singleValued(headers);
    byte[] bytes = body == null ? new byte[0] : body;
    String contentType = single.get(CONTENT_TYPE);
    String specVersion = single.get(SPEC_VERSION);
    // The content type tells the mode; stray ce- headers on a structured request are ignored.
    Mode mode = modeOf(contentType);
    return switch (mode) {
      case BATCH -> readBatch(bytes);
      case STRUCTURED -> List.of(readStructured(bytes, "The body"));
      case BINARY -> List.of(readBinary(single, specVersion, bytes));
    };
  }

  /**
   * Reads exactly one event.
   *
   * @throws CloudEventException {@link Kind#MALFORMED_BODY} when the message is a batch of any
   *     other size
   */
  public static EventEnvelope readOne(
      Map<String, ? extends Collection<String>> headers, byte[] body) {
    List<EventEnvelope> events = read(headers, body);
    if (events.size() != 1) {
      throw new CloudEventException(
          Kind.MALFORMED_BODY, null, "Expected one event, the batch holds " + events.size());
    }
    return events.get(0);
  }

  /** Writes one event in binary or structured mode ({@link Mode#BATCH}: a batch of one). */
  public static Payload write(EventEnvelope event, Mode mode) {
    if (mode == Mode.BATCH) {
      return writeBatch(List.of(event));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    byte[][] body = {new byte[0]};
    var writer =
        HttpMessageFactory.createWriter(
            (name, value) ->
                headers.put(
                    name,
                    name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                        ? HeaderValues.encode(value)
                        : value),
            bytes -> body[0] = bytes == null ? new byte[0] : bytes);
    CloudEvent cloudEvent = event.toCloudEvent();
    if (mode == Mode.STRUCTURED) {
      writer.writeStructured(cloudEvent, FORMAT);
    } else {
      writer.writeBinary(cloudEvent);
    }
    return new Payload(headers, body[0]);
  }

  /** Writes events as one batch. */
  public static Payload writeBatch(List<EventEnvelope> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(FORMAT.serialize(events.get(i).toCloudEvent()));
    }
    out.write(']');
    return new Payload(Map.of("Content-Type", BATCH_CONTENT_TYPE), out.toByteArray());
  }

  private static EventEnvelope readBinary(
      Map<String, String> headers, String specVersion, byte[] body) {
    if (specVersion == null) {
      throw new CloudEventException(
          Kind.NOT_A_CLOUD_EVENT,
          "specversion",
          "No ce-specversion header and no CloudEvents content type: not a CloudEvent");
    }
    for (String required : List.of("id", "source", "type")) {
      if (headers.getOrDefault(PREFIX + required, "").isBlank()) {
        throw CloudEventException.missing(required);
      }
    }
    Map<String, String> decoded = new LinkedHashMap<>();
    headers.forEach(
        (name, value) ->
            decoded.put(name, name.startsWith(PREFIX) ? HeaderValues.decode(value) : value));
    return toEnvelope(
        () -> HttpMessageFactory.createReader(decoded, body).toEvent(), "The request");
  }

  private static EventEnvelope readStructured(byte[] body, String where) {
    return toEnvelope(() -> FORMAT.deserialize(body), where);
  }

  private static List<EventEnvelope> readBatch(byte[] body) {
    JsonNode array;
    try {
      array = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new CloudEventException(
          Kind.MALFORMED_BODY, null, "The batch is not valid JSON: " + Json.brief(e), e);
    }
    if (array == null || !array.isArray()) {
      throw new CloudEventException(
          Kind.MALFORMED_BODY, null, "A batch must be a JSON array of events");
    }
    List<EventEnvelope> events = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      events.add(
          toEnvelope(
              () -> Json.MAPPER.treeToValue(element, CloudEvent.class),
              "Event " + i + " of the batch"));
    }
    return events;
  }

  /** Reading through the SDK, with its failures translated to our kinds. */
  private interface SdkRead {
    CloudEvent read() throws IOException;
  }

  private static EventEnvelope toEnvelope(SdkRead read, String where) {
    CloudEvent event;
    try {
      event = read.read();
    } catch (RuntimeException | IOException e) {
      throw translate(e, where);
    }
    return EventEnvelope.from(event);
  }

  private static CloudEventException translate(Exception failure, String where) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CloudEventException ours) {
        return ours;
      }
      if (t instanceof CloudEventRWException rw) {
        return switch (rw.getKind()) {
          case INVALID_SPEC_VERSION ->
              new CloudEventException(
                  Kind.UNKNOWN_SPEC_VERSION,
                  "specversion",
                  where + " uses an unknown CloudEvents spec version (1.0 and 0.3 are read)",
                  rw);
          case UNKNOWN_ENCODING ->
              new CloudEventException(
                  Kind.NOT_A_CLOUD_EVENT, null, where + " is not a CloudEvent", rw);
          case INVALID_DATA_TYPE, DATA_CONVERSION ->
              new CloudEventException(
                  Kind.MALFORMED_DATA,
                  "data",
                  where + " has unreadable data: " + rw.getMessage(),
                  rw);
          default ->
              new CloudEventException(
                  Kind.INVALID_ATTRIBUTE,
                  null,
                  where + " has an invalid attribute: " + rw.getMessage(),
                  rw);
        };
      }
      if (t instanceof IllegalStateException state) {
        String attribute = missingAttribute(state.getMessage());
        return new CloudEventException(
            Kind.MISSING_ATTRIBUTE,
            attribute,
            where
                + " lacks a required attribute"
                + (attribute == null ? "" : " '" + attribute + "'"),
            state);
      }
      if (t instanceof MismatchedInputException mismatch) {
        return fromSdkMessage(mismatch, where);
      }
      if (t instanceof JsonProcessingException json) {
        return new CloudEventException(
            Kind.MALFORMED_BODY, null, where + " is not valid JSON: " + Json.brief(json), json);
      }
    }
    if (failure instanceof EventDeserializationException) {
      return new CloudEventException(
          Kind.MALFORMED_BODY, null, where + " is not a valid JSON CloudEvent", failure);
    }
    return new CloudEventException(
        Kind.INVALID_ATTRIBUTE,
        null,
        where + " is not a valid CloudEvent: " + failure.getMessage(),
        failure);
  }

  // The SDK's JSON deserializer reports every problem as a mismatched input; its message is the
  // only place that tells a missing attribute from a bad spec version.
  private static CloudEventException fromSdkMessage(MismatchedInputException e, String where) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher missing = SDK_MISSING.matcher(message);
    if (missing.find()) {
      return new CloudEventException(
          Kind.MISSING_ATTRIBUTE,
          missing.group(1),
          where + " lacks the required attribute '" + missing.group(1) + "'",
          e);
    }
    if (message.toLowerCase(Locale.ROOT).contains("specversion")) {
      return new CloudEventException(
          Kind.UNKNOWN_SPEC_VERSION,
          "specversion",
          where + " uses an unknown CloudEvents spec version (1.0 and 0.3 are read)",
          e);
    }
    if (message.startsWith("Cannot deserialize")) {
      return new CloudEventException(Kind.MALFORMED_BODY, null, where + " is not a JSON object", e);
    }
    Matcher attribute = SDK_ATTRIBUTE.matcher(message);
    return new CloudEventException(
        Kind.INVALID_ATTRIBUTE,
        attribute.find() ? attribute.group(1) : null,
        where + " has an invalid attribute: " + message,
        e);
  }

  private static String missingAttribute(String message) {
    if (message == null) {
      return null;
    }
    Matcher matcher = MISSING.matcher(message);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static Map<String, String> singleValued(
      Map<String, ? extends Collection<String>> headers) {
    Map<String, String> single = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          if (name != null && values != null && !values.isEmpty()) {
            // Repeated headers combine with commas (RFC 9110, 5.3).
            single.merge(
                name.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b);
          }
        });
    return single;
  }
}
