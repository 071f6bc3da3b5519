package dev.eventstreamer.common.messaging;

import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.cloudevents.TransportProbe;
import dev.eventstreamer.common.cloudevents.TransportProbe.Route;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Test REST endpoints that emit an event, as a service's resource would: the event is built without
 * a correlation id; the answer is the id current in the resource.
 */
@Path("/messaging-test")
public class CorrelationProbeResource {

  private final TransportProbe probe;

  CorrelationProbeResource(TransportProbe probe) {
    this.probe = probe;
  }

  /** Blocking: served on a worker thread. */
  @POST
  @Path("/emit/{route}/{id}")
  public String emitBlocking(
      @PathParam("route") Route route, @PathParam("id") String id, @QueryParam("raw") boolean raw) {
    return emit(route, id, raw);
  }

  /** Reactive: served on the event loop. */
  @POST
  @Path("/emit-reactive/{route}/{id}")
  public Uni<String> emitReactive(
      @PathParam("route") Route route, @PathParam("id") String id, @QueryParam("raw") boolean raw) {
    return Uni.createFrom().item(() -> emit(route, id, raw));
  }

  // raw: bare SmallRye metadata, so only the outgoing interceptor can add the correlation id.
  private String emit(Route route, String id, boolean raw) {
    EventEnvelope event =
        EventEnvelope.builder()
            .id(id)
            .source(EventSources.SUBSCRIPTION_SERVICE)
            .type(EventTypes.SUBSCRIPTION_CREATED)
            .partitionKey("sub-" + id)
            .build();
    if (raw) {
      OutgoingCloudEventMetadata<byte[]> bare =
          OutgoingCloudEventMetadata.<byte[]>builder()
              .withId(event.id())
              .withSource(event.source())
              .withType(event.type())
              .withDataContentType(EventEnvelope.JSON)
              .build();
      probe.send(route, Message.of("{}".getBytes(), Metadata.of(bare)));
    } else {
      probe.send(route, CloudEventMessages.toMessage(event));
    }
    return Correlation.current().orElse("none");
  }
}
