package dev.eventstreamer.chainconfig.service;

import static dev.eventstreamer.chainconfig.TestChains.get;
import static dev.eventstreamer.chainconfig.TestChains.put;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test profile seeds chain 990001 (application.properties, %test). */
@QuarkusTest
class ChainSeederTest {

  private static final long SEEDED = 990_001;

  @Inject ChainSeeder seeder;
  @Inject Pool pool;

  @Test
  void seedsTheConfiguredChainOnceAndLeavesItAloneAfterwards() throws Throwable {
    get(SEEDED)
        .statusCode(200)
        .body("name", equalTo("Seeded test chain"))
        .body("rpc_urls", contains("https://seed.example.org/v3/***", "http://127.0.0.1:8545"))
        .body("live_websocket_url", equalTo("wss://seed.example.org/ws?apikey=***"))
        .body("average_block_time", equalTo(2.5f))
        .body("confirmation_blocks", equalTo(3))
        .body("live_max_gap_size", equalTo(77))
        .body("historical_max_chunk_size", equalTo(10_000))
        .body("status", equalTo("active"));

    put(SEEDED, "{\"name\": \"Renamed through the API\"}").statusCode(200);
    // A second start seeds again: nothing is created, the change stays.
    assertEquals(0, VertxContextSupport.subscribeAndAwait(seeder::seed));
    get(SEEDED).body("name", equalTo("Renamed through the API"));
    assertEquals(1, createdEvents(), "one created event for the seeded chain");
  }

  private long createdEvents() {
    return pool.query(
            "select count(*) from outbox where key = '990001'"
                + " and type = 'dev.eventstreamer.chain.created'")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .await()
        .atMost(Duration.ofSeconds(10));
  }
}
