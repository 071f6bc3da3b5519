package dev.eventstreamer.rules.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A fault as stored.
 *
 * @param eventKey the CloudEvent's source and id, as the rule's applied pair names it
 * @param error {@code name} and {@code message}
 * @param uow the unit of work when it failed, fields named in the event's {@code eem.fields}
 *     redacted
 * @param record the CloudEvent as received, structured JSON, to resubmit
 * @param status {@code open}, {@code resubmitted} or {@code succeeded}
 */
public record StoredFault(
    UUID id,
    String ruleId,
    String eventKey,
    ObjectNode error,
    JsonNode uow,
    JsonNode record,
    String status,
    OffsetDateTime createdAt,
    OffsetDateTime resubmittedAt) {}
