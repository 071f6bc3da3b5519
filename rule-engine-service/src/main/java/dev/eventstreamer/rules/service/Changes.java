package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.outbox.OutboxEvent;
import java.util.UUID;

/**
 * The change log of the rules' store: every write of a collected event, correlation or view item is
 * also an event on the internal {@value #CHANNEL} channel, appended in the write's transaction and
 * relayed by the outbox, keyed by pk so the changes of a key stay in order. The trigger flavors
 * (correlate, evaluate, update, cdc, expired) consume it, as aws-lambda-stream's consume a DynamoDB
 * stream.
 *
 * <p>Its data: {@code table} ({@code event} or {@code view}), {@code op} ({@code INSERT}, {@code
 * MODIFY}, {@code REMOVE}), {@code pk}, {@code sk}, {@code new} and {@code old} (the row's images),
 * and {@code ttl_delete} (true when the sweeper removed it because its ttl passed).
 */
public final class Changes {

  /** The channel (and topic) of the change log. */
  public static final String CHANNEL = "rule-changes";

  public static final String EVENTS = "event";
  public static final String VIEWS = "view";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Changes() {}

  public static OutboxEvent of(
      String table,
      String op,
      String pk,
      String sk,
      JsonNode newImage,
      JsonNode oldImage,
      boolean ttlDelete) {
    ObjectNode data = JSON.createObjectNode();
    data.put("table", table);
    data.put("op", op);
    data.put("pk", pk);
    data.put("sk", sk);
    data.set("new", newImage);
    data.set("old", oldImage);
    data.put("ttl_delete", ttlDelete);
    data.put("at", System.currentTimeMillis());
    return OutboxEvent.builder()
        .id(UUID.randomUUID())
        .channel(CHANNEL)
        .key(pk)
        .type(Trigger.CHANGE_TYPE)
        .source(EventSources.RULE_ENGINE_SERVICE)
        .subject(table)
        .data(data.toString())
        .build();
  }
}
