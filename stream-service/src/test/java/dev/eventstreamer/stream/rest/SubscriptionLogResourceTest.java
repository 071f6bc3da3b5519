package dev.eventstreamer.stream.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The read-only view of a subscription's log, and its last processed block, over HTTP. */
@QuarkusTest
class SubscriptionLogResourceTest {

  static {
    StreamTestResources.class.getName();
  }

  @Inject Pool pool;

  @Test
  void pagesThroughTheLogAndTellsTheLastProcessedBlock() {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    token.emitTransfers(chain.accounts().get(8), 5);
    long emitted = chain.blockNumber();
    long id = Subscriptions.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    EventLog log = new EventLog(pool);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> log.count(id) == 5 && log.nextBlock(id) > emitted);

    given()
        .get("/subscriptions/{id}/events?limit=3", id)
        .then()
        .statusCode(200)
        .body("subscription_id", is((int) id))
        .body("events", hasSize(3))
        .body("events[0].seq", is(1))
        .body("events[0].event_name", is("Transfer"))
        .body("events[0].event.value", is("1"))
        .body("events[2].event.value", is("3"))
        .body("events[0].event.block_number", is((int) emitted))
        .body("next_after_seq", is(3));
    given()
        .get("/subscriptions/{id}/events?after_seq=3&limit=100", id)
        .then()
        .statusCode(200)
        .body("events", hasSize(2))
        .body("events[1].event.value", is("5"))
        .body("next_after_seq", is(5));
    given()
        .get("/subscriptions/{id}/events?after_seq=5", id)
        .then()
        .statusCode(200)
        .body("events", hasSize(0))
        .body("next_after_seq", is(5));

    long last =
        given()
            .get(
                "/subscriptions/{id}/last-processed-block?chain_id={chain}",
                id,
                ChainConfigGateway.CHAIN)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("last_processed_block");
    assertTrue(last >= emitted, "every emitted block is in");
    given()
        .get("/subscriptions/{id}/last-processed-block?chain_id=1", id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("Subscription " + id + " not found"));
  }

  @Test
  void answersProblemsForWhatCannotBeRead() {
    given()
        .get("/subscriptions/999999999999/events")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("not found"));
    given()
        .get("/subscriptions/999999999999/last-processed-block")
        .then()
        .statusCode(404)
        .body("status", is(404));
    given()
        .get("/subscriptions/abc/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].in", is("path"))
        .body("violations[0].field", is("id"));
    given()
        .get("/subscriptions/1/events?limit=0&after_seq=-1")
        .then()
        .statusCode(400)
        .body("violations.field", containsInAnyOrder("after_seq", "limit"));
    given()
        .get("/subscriptions/1/events?limit=5000")
        .then()
        .statusCode(400)
        .body("violations[0].message", containsString("1 to 1000"));
    given()
        .get("/subscriptions/1/last-processed-block?chain_id=x")
        .then()
        .statusCode(400)
        .body("violations[0].field", is("chain_id"));
  }

  @Test
  void aSubscriptionWithNothingInTheLogYetHasNoLastProcessedBlock() {
    long future = DevChain.shared().blockNumber() + 1_000_000;
    long id = Subscriptions.create(ChainConfigGateway.CHAIN, null, future, null);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.status(id) != null);
    given()
        .get("/subscriptions/{id}/last-processed-block", id)
        .then()
        .statusCode(404)
        .body("detail", containsString("no block processed yet"));
  }
}
