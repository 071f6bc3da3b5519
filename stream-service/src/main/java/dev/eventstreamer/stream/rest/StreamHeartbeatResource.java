package dev.eventstreamer.stream.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.stream.service.Acknowledgments;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /stream/{connection_id}/heartbeat}: the client is alive (the published client sends
 * one every 30 s). Its body ({@code timestamp}, {@code sequence_number}) is informational. A
 * connection that is unknown or closed answers 404 "Connection not found": the client reconnects.
 */
@Path("/stream/{connection_id}/heartbeat")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StreamHeartbeatResource {

  private final Acknowledgments acknowledgments;

  StreamHeartbeatResource(Acknowledgments acknowledgments) {
    this.acknowledgments = acknowledgments;
  }

  @POST
  public Uni<StreamDtos.HeartbeatAck> heartbeat(
      @PathParam("connection_id") String connectionId, JsonNode body) {
    return acknowledgments
        .heartbeat(connectionId)
        .map(id -> new StreamDtos.HeartbeatAck(true, Timestamps.now(), id.toString()));
  }
}
