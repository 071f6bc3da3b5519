package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxEvent;
import dev.eventstreamer.rules.repository.FaultRepository;
import dev.eventstreamer.rules.repository.StoredFault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the failure of a unit of work into a fault: stored, and published as {@code
 * dev.eventstreamer.fault} on faults (keyed by rule id) by the outbox once the event's transaction
 * commits, that is once the batch it belongs to is done.
 */
@ApplicationScoped
public class Faults {

  /** A fault larger than this keeps only the record of its unit of work. */
  static final int MAX_FAULT_BYTES = 256 * 1024;

  static final String REDACTED = "[REDACTED]";

  private final FaultRepository faults;
  private final ObjectMapper json;

  public Faults(FaultRepository faults, ObjectMapper json) {
    this.faults = faults;
    this.json = json;
  }

  /** Stores the fault of {@code failure} in the transaction of {@code client}, and publishes it. */
  public Uni<StoredFault> record(
      SqlClient client, RuleRun run, Throwable failure, Map<String, Object> uow) {
    StoredFault fault =
        new StoredFault(
            UUID.randomUUID(),
            run.rule().id(),
            run.trigger().appliedKey(),
            error(failure),
            uow(uow, run.trigger()),
            run.trigger().record(),
            "open",
            OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS),
            null);
    ObjectNode body = faults.json(fault);
    if (body.toString().length() > MAX_FAULT_BYTES) {
      ObjectNode small = json.createObjectNode();
      small.set("record", run.trigger().record());
      small.put("pipeline", run.rule().id());
      fault =
          new StoredFault(
              fault.id(),
              fault.ruleId(),
              fault.eventKey(),
              fault.error(),
              small,
              fault.record(),
              fault.status(),
              fault.createdAt(),
              null);
      body = faults.json(fault);
    }
    OutboxEvent published =
        OutboxEvent.builder()
            .id(fault.id())
            .channel(Channels.FAULTS)
            .key(fault.ruleId())
            .type(EventTypes.FAULT)
            .source(EventSources.RULE_ENGINE_SERVICE)
            .subject(fault.ruleId())
            .data(body.toString())
            .build();
    StoredFault stored = fault;
    return faults
        .insert(client, stored)
        .chain(() -> dev.eventstreamer.common.outbox.Outbox.append(client, published))
        .replaceWith(stored);
  }

  public ObjectNode error(Throwable failure) {
    ObjectNode error = json.createObjectNode();
    error.put("name", Failures.name(failure));
    error.put("message", Failures.message(failure));
    return error;
  }

  /**
   * The unit of work as a fault keeps it: values of the fields the event's {@code eem.fields} names
   * redacted everywhere but in {@code record} (which resubmission needs unchanged).
   */
  JsonNode uow(Map<String, Object> uow, Trigger trigger) {
    ObjectNode node = (ObjectNode) JsonValues.toJson(uow);
    Set<String> redact = new HashSet<>();
    JsonNode event = node.path("event");
    event.path("data").path("eem").path("fields").forEach(f -> redact.add(f.asText()));
    event.path("eem").path("fields").forEach(f -> redact.add(f.asText()));
    if (!redact.isEmpty()) {
      JsonNode record = node.remove("record");
      redact(node, redact);
      node.set("record", record);
    }
    return node;
  }

  private static void redact(JsonNode node, Set<String> fields) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (fields.contains(field.getKey())) {
          field.setValue(object.textNode(REDACTED));
        } else {
          redact(field.getValue(), fields);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(item -> redact(item, fields));
    }
  }
}
