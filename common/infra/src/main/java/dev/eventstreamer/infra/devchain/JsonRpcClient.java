package dev.eventstreamer.infra.devchain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A minimal JSON-RPC 2.0 client over java.net.http. */
public final class JsonRpcClient {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI uri;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final AtomicLong ids = new AtomicLong();

  /** A client for the endpoint at {@code uri}; each request may take {@code requestTimeout}. */
  public JsonRpcClient(URI uri, Duration requestTimeout) {
    this.uri = uri;
    this.requestTimeout = requestTimeout;
    // HTTP/1.1: the dev node does not speak h2c, and the upgrade attempt only costs time.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public URI uri() {
    return uri;
  }

  /**
   * Calls {@code method} with positional {@code params} (serialized by Jackson) and returns the
   * result, a JSON null when the result is null.
   *
   * @throws JsonRpcException when the response carries an error
   * @throws UncheckedIOException when the endpoint cannot be reached or answers garbage
   */
  public JsonNode call(String method, Object... params) {
    ObjectNode request =
        MAPPER
            .createObjectNode()
            .put("jsonrpc", "2.0")
            .put("id", ids.incrementAndGet())
            .put("method", method);
    request.set("params", MAPPER.valueToTree(params));
    String body;
    try {
      body = MAPPER.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize params of " + method, e);
    }
    HttpRequest httpRequest =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("JSON-RPC " + method + " to " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during JSON-RPC " + method, e);
    }
    JsonNode reply;
    try {
      reply = MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(badAnswer(method, response, "with no JSON"), e);
    }
    JsonNode error = reply.get("error");
    if (error != null && !error.isNull()) {
      throw new JsonRpcException(
          method, error.path("code").asInt(), error.path("message").asText(), error.get("data"));
    }
    if (!reply.has("result")) {
      throw new UncheckedIOException(
          new IOException(badAnswer(method, response, "without result")));
    }
    return reply.get("result");
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  private String badAnswer(String method, HttpResponse<String> response, String what) {
    return "JSON-RPC "
        + method
        + " to "
        + uri
        + " answered HTTP "
        + response.statusCode()
        + " "
        + what
        + ": "
        + abbreviate(response.body());
  }
}
