package dev.eventstreamer.stream.rest;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.repository.ConnectionRepository;
import dev.eventstreamer.stream.service.SubscriptionLookup;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /subscriptions/{id}/processing-status}: whether ingestion works on the subscription
 * (backfilling or following the head) and how many streams it has open, on any replica.
 */
@Path("/subscriptions/{id}/processing-status")
@Produces(MediaType.APPLICATION_JSON)
public class StreamStatusResource {

  private final SubscriptionLookup subscriptions;
  private final ConnectionRepository connections;

  StreamStatusResource(SubscriptionLookup subscriptions, ConnectionRepository connections) {
    this.subscriptions = subscriptions;
    this.connections = connections;
  }

  @GET
  public Uni<StreamDtos.ProcessingStatus> status(@PathParam("id") String id) {
    long subscriptionId = SubscriptionLogResource.id(id);
    return subscriptions
        .find(subscriptionId)
        .chain(
            found -> {
              if (found.isEmpty() || found.get().deleted()) {
                throw ProblemException.notFound("Subscription " + subscriptionId + " not found");
              }
              IngestStatus status = found.get().status();
              boolean processing =
                  status == IngestStatus.BACKFILLING || status == IngestStatus.LIVE;
              return connections
                  .openCount(subscriptionId)
                  .map(
                      n ->
                          new StreamDtos.ProcessingStatus(
                              subscriptionId, processing, n, Timestamps.now()));
            });
  }
}
