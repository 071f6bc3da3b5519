package dev.eventstreamer.common.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** A service write as Panache services do it: entity and outbox row in one @WithTransaction. */
@Path("/outbox-test/orders")
public class OutboxTestOrderResource {

  @POST
  @Path("/{key}")
  @Produces(MediaType.TEXT_PLAIN)
  @WithTransaction
  public Uni<String> create(@PathParam("key") String key, @QueryParam("fail") boolean fail) {
    OutboxTestOrder order = new OutboxTestOrder();
    order.id = UUID.randomUUID();
    order.note = key;
    OutboxEvent event = OutboxTest.event(key, fail ? 1 : 2);
    return order
        .persist()
        .chain(Panache::getSession)
        .chain(session -> OutboxSessions.append(session, event))
        .chain(
            () ->
                fail
                    ? Uni.createFrom().failure(new IllegalStateException("rolled back on purpose"))
                    : Uni.createFrom().item(event.id().toString()));
  }
}
