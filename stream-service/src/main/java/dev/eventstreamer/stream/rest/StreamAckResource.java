package dev.eventstreamer.stream.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.stream.service.Acknowledgments;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * Acknowledgements of a stream's batches (API.md): one, or many at once as the published client
 * sends them every 3 s. Idempotent: a batch acknowledged again counts with 0 new events; a batch id
 * that is not one of this subscription's lands in {@code failed_batch_ids} and the call still
 * answers 200. An unknown or expired connection answers 404 "Connection not found".
 */
@Path("/subscriptions/{id}/stream/{connection_id}/ack")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StreamAckResource {

  /** Most batch ids in one bulk call (a client at full speed sends a few thousand per 3 s). */
  static final int MAX_BULK = 20_000;

  private final Acknowledgments acknowledgments;

  StreamAckResource(Acknowledgments acknowledgments) {
    this.acknowledgments = acknowledgments;
  }

  @POST
  @Path("/batch")
  public Uni<StreamDtos.BatchAck> one(
      @PathParam("id") String id, @PathParam("connection_id") String connectionId, JsonNode body) {
    long subscriptionId = SubscriptionLogResource.id(id);
    String batchId = text(body, "batch_id");
    return acknowledgments
        .acknowledge(subscriptionId, connectionId, List.of(batchId))
        .map(
            r ->
                new StreamDtos.BatchAck(
                    !r.acknowledged().isEmpty(),
                    batchId,
                    r.totalNewEvents(),
                    connectionId,
                    Timestamps.now(),
                    r.resumeToken()));
  }

  @POST
  @Path("/batch/bulk")
  public Uni<StreamDtos.BulkAck> bulk(
      @PathParam("id") String id, @PathParam("connection_id") String connectionId, JsonNode body) {
    long subscriptionId = SubscriptionLogResource.id(id);
    List<String> batchIds = batchIds(body);
    JsonNode named = body.get("connection_id");
    if (named != null && !named.isNull() && !connectionId.equals(named.asText())) {
      throw ProblemException.badRequest(
          "connection_id in the body ("
              + named.asText()
              + ") is not the path's ("
              + connectionId
              + ")");
    }
    return acknowledgments
        .acknowledge(subscriptionId, connectionId, batchIds)
        .map(
            r ->
                new StreamDtos.BulkAck(
                    batchIds.size(),
                    r.acknowledged().size(),
                    r.failed().size(),
                    r.failed(),
                    r.totalNewEvents(),
                    connectionId,
                    Timestamps.now(),
                    r.resumeToken()));
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw ProblemException.badRequest(
          field + " is required: a batch id (string) from the stream");
    }
    return value.asText();
  }

  private static List<String> batchIds(JsonNode body) {
    JsonNode ids = body == null ? null : body.get("batch_ids");
    if (ids == null || !ids.isArray()) {
      throw ProblemException.badRequest("batch_ids is required: a list of batch ids (strings)");
    }
    if (ids.size() > MAX_BULK) {
      throw ProblemException.badRequest(
          "batch_ids has " + ids.size() + " ids; at most " + MAX_BULK + " per call");
    }
    List<String> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      JsonNode v = ids.get(i);
      if (!v.isTextual()) {
        throw ProblemException.badRequest("batch_ids[" + i + "] is not a string");
      }
      out.add(v.asText());
    }
    return out;
  }
}
