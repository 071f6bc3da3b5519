package dev.eventstreamer.common.cloudevents.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.CloudEventException;
import dev.eventstreamer.common.cloudevents.CloudEventException.Kind;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.util.Locale;

/** The JSON plumbing of the cloudevents package: one mapper, one content type rule. */
public final class Json {

  /** Knows the SDK's CloudEvent (de)serializers, so batches parse without the ServiceLoader. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(JsonFormat.getCloudEventJacksonModule())
          // Data written by a newer producer may carry fields this consumer does not know yet.
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /**
   * Whether a data content type is JSON: {@code application/json}, {@code text/json} or any {@code
   * +json} suffix, parameters ignored; an absent one counts as JSON (the JSON format's default).
   */
  public static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || mediaType.equals("text/json")
        || mediaType.endsWith("+json");
  }

  /** Parses JSON data; no bytes means no data. */
  public static JsonNode parseData(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new CloudEventException(
          Kind.MALFORMED_DATA, "data", "The CloudEvent data is not valid JSON: " + brief(e), e);
    }
  }

  /** JSON bytes of a tree. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      // A tree always serializes; reaching this is a bug in Jackson, not bad input.
      throw new IllegalStateException(e);
    }
  }

  /** The first line of a Jackson message, without the source excerpt it appends. */
  public static String brief(Exception e) {
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
