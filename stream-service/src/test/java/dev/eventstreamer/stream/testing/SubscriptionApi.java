package dev.eventstreamer.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;

/** The real subscription-service's API, called as a client would. */
public final class SubscriptionApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SubscriptionApi() {}

  /** Creates a Transfer subscription of {@code token}; returns its id. */
  public static long create(long chainId, String token, long startBlock, Long endBlock) {
    ObjectNode body = requestBody(chainId, token, startBlock, endBlock);
    HttpResponse<String> created = send("POST", "/subscriptions", body.toString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "subscription not created: " + created.statusCode() + " " + created.body());
    }
    return read(created.body()).get("id").asLong();
  }

  /** The body of a POST /subscriptions for {@code token}'s Transfers, as a client sends it. */
  public static ObjectNode requestBody(long chainId, String token, long startBlock, Long endBlock) {
    ObjectNode body = Subscriptions.transfer(0, chainId, token, startBlock, endBlock);
    for (String field :
        new String[] {
          "id",
          "last_processed_block",
          "is_streaming",
          "streaming_status",
          "resume_token",
          "last_event_id",
          "events_delivered",
          "created_at",
          "updated_at"
        }) {
      body.remove(field);
    }
    return body;
  }

  /** The subscription as subscription-service answers it. */
  public static JsonNode get(long id) {
    return read(send("GET", "/subscriptions/" + id, null).body());
  }

  public static void delete(long id) {
    int status = send("DELETE", "/subscriptions/" + id, null).statusCode();
    if (status != 204) {
      throw new IllegalStateException("subscription " + id + " not deleted: " + status);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> send(String method, String path, String body) {
    return Http.send(method, SubscriptionServiceApp.url() + path, body);
  }
}
