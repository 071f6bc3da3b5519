package dev.eventstreamer.chainconfig.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells a node's real answer (a result, or an error such as a revert or invalid params) from a
 * transient failure (5xx, 429, a rate-limit error, garbage), reading no more of the body than
 * needed: a single answer is read only up to its {@code result} or {@code error} member.
 */
final class ResponseInspector {

  static final JsonFactory JSON = new JsonFactory();

  // EIP-1474 "limit exceeded"; some providers also use it for a too-large eth_getLogs result, which
  // is a real answer: those messages name results, a range or blocks.
  private static final int LIMIT_EXCEEDED = -32005;

  private ResponseInspector() {}

  static UpstreamReply inspect(int status, Buffer body, boolean batch) {
    if (status == 429) {
      throw new UpstreamException(UpstreamException.Kind.RATE_LIMITED, "HTTP 429");
    }
    if (status >= 500) {
      throw new UpstreamException(UpstreamException.Kind.HTTP_ERROR, "HTTP " + status);
    }
    // A stream over the buffer: a large answer is neither copied nor, when single, read to its end.
    try (JsonParser p =
        JSON.createParser((InputStream) new ByteBufInputStream(body.getByteBuf()))) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        boolean error = inspectObject(p, status);
        return new UpstreamReply(status, body, error, null, null);
      }
      if (first == JsonToken.START_ARRAY && batch) {
        return new UpstreamReply(status, body, false, elements(p, status), null);
      }
    } catch (IOException e) {
      // Falls through: not JSON.
    }
    throw notJsonRpc(status);
  }

  private static UpstreamException notJsonRpc(int status) {
    return status >= 300
        ? new UpstreamException(UpstreamException.Kind.HTTP_ERROR, "HTTP " + status)
        : new UpstreamException(
            UpstreamException.Kind.BAD_RESPONSE, "the answer is not a JSON-RPC response");
  }

  /** Reads one answer object up to its result or error; true when it is an error answer. */
  private static boolean inspectObject(JsonParser p, int status) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if ("result".equals(name)) {
        return false;
      }
      if ("error".equals(name) && value == JsonToken.START_OBJECT) {
        checkError(p);
        return true;
      }
      p.skipChildren();
    }
    throw notJsonRpc(status);
  }

  private static List<UpstreamReply.Element> elements(JsonParser p, int status) throws IOException {
    List<UpstreamReply.Element> elements = new ArrayList<>();
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.START_OBJECT) {
      int start = (int) p.currentTokenLocation().getByteOffset();
      if (start < 0) {
        // UTF-16 or UTF-32: no byte offsets to find each answer by.
        throw new UpstreamException(
            UpstreamException.Kind.BAD_RESPONSE, "the batch answer is not UTF-8 JSON");
      }
      String idKey = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("id".equals(name)) {
          idKey = idKey(p, value);
        } else if ("error".equals(name) && value == JsonToken.START_OBJECT) {
          checkError(p);
        } else {
          p.skipChildren();
        }
      }
      elements.add(
          new UpstreamReply.Element(start, (int) p.currentLocation().getByteOffset(), idKey));
    }
    if (token != JsonToken.END_ARRAY) {
      throw notJsonRpc(status);
    }
    return elements;
  }

  /** The match key of an id value the parser stands on. */
  static String idKey(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_STRING -> "s" + p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "n" + p.getText();
      default -> {
        p.skipChildren();
        yield null;
      }
    };
  }

  /** Reads an error object the parser stands at; throws when it says the caller is rate limited. */
  private static void checkError(JsonParser p) throws IOException {
    long code = 0;
    String message = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if ("code".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
        code = p.getLongValue();
      } else if ("message".equals(name) && value == JsonToken.VALUE_STRING) {
        message = p.getText();
      } else {
        p.skipChildren();
      }
    }
    if (isRateLimit(code, message)) {
      throw new UpstreamException(
          UpstreamException.Kind.RATE_LIMITED, "rate limited (JSON-RPC error " + code + ")");
    }
  }

  static boolean isRateLimit(long code, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("rate limit")
        || m.contains("rate-limit")
        || m.contains("ratelimit")
        || m.contains("too many requests")) {
      return true;
    }
    return code == LIMIT_EXCEEDED
        && !(m.contains("result") || m.contains("range") || m.contains("block"));
  }
}
