package dev.eventstreamer.subscription.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.CloudEventProducer;
import dev.eventstreamer.subscription.testing.Bodies;
import dev.eventstreamer.subscription.testing.ChainConfigStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A subscription names only a configured, active chain: known from chain-config-events (published
 * here on the real broker), else looked up at chain-config-service (WireMock), and never accepted
 * unchecked when that lookup fails.
 */
@QuarkusTest
class ChainCheckTest {

  @Inject Pool pool;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private static Response create(long chainId) {
    ObjectNode body = Bodies.transfer("chain-check-" + chainId);
    body.put("chain_id", chainId);
    return given().contentType(ContentType.JSON).body(body.toString()).post("/subscriptions");
  }

  @Test
  void chainKnownOnlyToChainConfigServiceIsLookedUp() {
    ChainConfigStub.chain(5001, true);
    create(5001).then().statusCode(201).body("chain_id", equalTo(5001));
    assertTrue(ChainConfigStub.lookups(5001) >= 1);
  }

  @Test
  void inactiveChainIsRejectedOnChainId() {
    ChainConfigStub.chain(5002, false);
    create(5002)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("chain_id"))
        .body("violations[0].message", equalTo("chain 5002 is not active"));
  }

  @Test
  void unknownChainIsRejectedOnChainIdWithoutRetries() {
    create(5003)
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("chain_id"))
        .body("violations[0].message", equalTo("chain 5003 is not configured"));
    assertEquals(1, ChainConfigStub.lookups(5003), "a 404 is an answer, not a failure to retry");
  }

  @Test
  void failingChainConfigServiceAnswers503AfterRetries() {
    ChainConfigStub.failing(5004, 500);
    unavailable(create(5004), 5004);
    assertEquals(3, ChainConfigStub.lookups(5004), "first try and two retries");
  }

  @Test
  void brokenConnectionAnswers503() {
    ChainConfigStub.broken(5005);
    unavailable(create(5005), 5005);
  }

  @Test
  void slowChainConfigServiceAnswers503() {
    ChainConfigStub.slow(5006, 3000);
    long start = System.nanoTime();
    unavailable(create(5006), 5006);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "timed out early: " + took);
  }

  private static void unavailable(Response response, long chainId) {
    response
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("detail", containsString("Cannot check chain " + chainId))
        .body("retry_after", equalTo(10));
    given()
        .queryParam("subscriber_id", "chain-check-" + chainId)
        .get("/subscriptions")
        .then()
        .body("total", equalTo(0));
  }

  @Test
  void projectionFromChainConfigEventsDecidesWithoutLookups() {
    long chain = 7001;
    String created = UUID.randomUUID().toString();
    publish(chain, created, EventTypes.CHAIN_CREATED, 1, true);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> active(chain) != null);
    create(chain).then().statusCode(201);

    String deactivated = UUID.randomUUID().toString();
    publish(chain, deactivated, EventTypes.CHAIN_DEACTIVATED, 2, true);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Boolean.FALSE.equals(active(chain)));
    create(chain)
        .then()
        .statusCode(400)
        .body("violations[0].message", equalTo("chain 7001 is not active"));

    // The same event id again (with other data), then an older version: neither changes it.
    publish(chain, deactivated, EventTypes.CHAIN_UPDATED, 3, true);
    String older = UUID.randomUUID().toString();
    publish(chain, older, EventTypes.CHAIN_UPDATED, 1, true);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed(older));
    assertFalse(active(chain));
    assertEquals(0, ChainConfigStub.lookups(chain), "the projection answered every time");

    // A newer version applies.
    String reactivated = UUID.randomUUID().toString();
    publish(chain, reactivated, EventTypes.CHAIN_UPDATED, 4, true);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Boolean.TRUE.equals(active(chain)));
    create(chain).then().statusCode(201);
  }

  private void publish(long chain, String id, String type, long version, boolean active) {
    CloudEventProducer.publishOnce(
        bootstrapServers,
        Channels.CHAIN_CONFIG_EVENTS,
        Long.toString(chain),
        id,
        type,
        EventSources.CHAIN_CONFIG_SERVICE,
        OffsetDateTime.now(),
        "{\"chain_id\":"
            + chain
            + ",\"name\":\"test\",\"is_active\":"
            + active
            + ",\"status\":\""
            + (active ? "active" : "inactive")
            + "\",\"version\":"
            + version
            + "}");
  }

  private Boolean active(long chain) {
    RowSet<Row> rows =
        pool.preparedQuery("select is_active from chain where chain_id = $1")
            .execute(Tuple.of(chain))
            .await()
            .atMost(Duration.ofSeconds(5));
    return rows.iterator().hasNext() ? rows.iterator().next().getBoolean(0) : null;
  }

  private boolean processed(String id) {
    return pool.preparedQuery("select 1 from processed_event where event_id = $1")
            .execute(Tuple.of(EventSources.CHAIN_CONFIG_SERVICE + " " + id))
            .await()
            .atMost(Duration.ofSeconds(5))
            .size()
        == 1;
  }
}
