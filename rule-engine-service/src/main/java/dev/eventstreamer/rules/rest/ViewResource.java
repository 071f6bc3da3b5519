package dev.eventstreamer.rules.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.repository.ViewRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The views the rules keep (API.md, Rules): the items of a pk, or one item. */
@Path("/api/views")
@Produces(MediaType.APPLICATION_JSON)
public class ViewResource {

  private final Pool pool;
  private final StoreRepository store;
  private final ObjectMapper json;

  public ViewResource(Pool pool, StoreRepository store, ObjectMapper json) {
    this.pool = pool;
    this.store = store;
    this.json = json;
  }

  @GET
  @Path("/{pk}")
  public Uni<ObjectNode> items(@PathParam("pk") String pk, @QueryParam("sk_prefix") String prefix) {
    return store
        .views(pool, pk, prefix == null || prefix.isEmpty() ? null : prefix)
        .map(
            rows -> {
              ObjectNode answer = json.createObjectNode();
              answer.put("pk", pk);
              var items = answer.putArray("items");
              rows.forEach(row -> items.add(item(row)));
              return answer;
            });
  }

  @GET
  @Path("/{pk}/{sk}")
  public Uni<ObjectNode> item(@PathParam("pk") String pk, @PathParam("sk") String sk) {
    return store
        .view(pool, pk, sk)
        .map(
            found ->
                item(
                    found.orElseThrow(
                        () ->
                            ProblemException.notFound(
                                "View item " + pk + "/" + sk + " not found"))));
  }

  private ObjectNode item(ViewRow row) {
    ObjectNode item = json.createObjectNode();
    item.put("pk", row.pk());
    item.put("sk", row.sk());
    item.put("discriminator", row.discriminator());
    item.set("data", row.data());
    if (row.timestamp() == null) {
      item.putNull("timestamp");
    } else {
      item.put("timestamp", row.timestamp());
    }
    if (row.deleted()) {
      item.put("deleted", true);
    }
    if (row.latched()) {
      item.put("latched", true);
    }
    item.put("updated_at", Timestamps.format(row.updatedAt()));
    return item;
  }
}
