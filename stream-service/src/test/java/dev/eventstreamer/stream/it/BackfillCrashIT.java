package dev.eventstreamer.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import dev.eventstreamer.stream.testing.Chains;
import dev.eventstreamer.stream.testing.StreamServiceJar;
import dev.eventstreamer.stream.testing.Subscriptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged stream-service killed with SIGKILL in the middle of a backfill, then started again
 * on the same database: the log ends up with every log exactly once, seq gapless, as if nothing had
 * happened. The chain's eth_getLogs range is kept small so the backfill takes long enough to be
 * caught in the middle.
 */
class BackfillCrashIT {

  static final long CHAIN = 50_001;
  static final int RANGE = 20;

  static PostgresServer postgres;
  static String database;

  @BeforeAll
  static void infrastructure() {
    postgres = PostgresServer.shared();
    database = postgres.createFreshDatabase("stream_crash");
  }

  @AfterAll
  static void dropDatabase() {
    postgres.dropDatabase(database);
  }

  @Test
  void killedMidBackfillAndRestartedItLosesAndDoublesNothing() throws Exception {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long first = chain.blockNumber() + 1;
    for (int i = 0; i < 1_000; i++) {
      token.emitTransfers(chain.accounts().get(1), 5);
    }
    long last = chain.blockNumber();
    Chains.register(CHAIN, chain.rpcUrl(), 0, RANGE);
    long id = Subscriptions.create(CHAIN, token.address(), first, null);

    ServiceApp stream = start("first");
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> count(id) >= 1_000);
    stream.kill();
    long atKill = count(id);
    assertTrue(atKill < 5_000, "killed in the middle (" + atKill + " of 5,000 in)");

    ServiceApp again = start("second");
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> count(id) >= 5_000 && nextBlock(id) > last);
    } finally {
      again.close();
    }

    List<long[]> events = events(id);
    assertEquals(5_000, events.size());
    List<JsonNode> expected =
        chain.getLogs(first, last, token.address(), TestToken.TRANSFER_TOPIC0);
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i)[0], "seq gapless");
      assertEquals(Long.decode(expected.get(i).get("blockNumber").asText()), events.get(i)[1]);
      assertEquals(Long.decode(expected.get(i).get("logIndex").asText()), events.get(i)[2]);
    }
  }

  @Test
  void twoReplicasSplitTheWorkAndOneTakesOverWhatTheOtherHeldWhenItDies() throws Exception {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long first = chain.blockNumber() + 1;
    for (int i = 0; i < 200; i++) {
      token.emitTransfers(chain.accounts().get(2), 5);
    }
    long last = chain.blockNumber();
    long slowChain = CHAIN + 1;
    Chains.register(slowChain, chain.rpcUrl(), 0, 5);
    // Two backfills each at most, so four subscriptions need both replicas.
    Map<String, String> twoEach = Map.of("STREAM_INGEST_MAX_BACKFILLS", "2");
    ServiceApp one = start("replica-one", twoEach);
    ServiceApp two = start("replica-two", twoEach);
    try {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add(Subscriptions.create(slowChain, token.address(), first, null));
      }
      // Both replicas hold work: each has written leases of its own.
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> distinctLeaseOwners() == 2);
      one.kill();
      for (long id : ids) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> count(id) >= 1_000 && nextBlock(id) > last);
        List<long[]> events = events(id);
        assertEquals(1_000, events.size(), "subscription " + id);
        for (int i = 0; i < events.size(); i++) {
          assertEquals(i + 1, events.get(i)[0], "seq gapless for subscription " + id);
        }
      }
    } finally {
      two.close();
      one.close();
    }
  }

  private long distinctLeaseOwners() throws SQLException {
    try (Connection c = postgres.connect(database);
        PreparedStatement s =
            c.prepareStatement(
                "select count(distinct owner) from lease where name like 'backfill:%'"
                    + " and expires_at > now()");
        ResultSet r = s.executeQuery()) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0;
      }
      throw e;
    }
  }

  private ServiceApp start(String name) {
    return start(name, Map.of());
  }

  private ServiceApp start(String name, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("STREAM_INGEST_SCAN_INTERVAL", "300ms");
    env.put("STREAM_INGEST_MAX_CONCURRENT_RANGES", "1");
    return StreamServiceJar.start(database, "crash-" + name, env);
  }

  private long count(long id) throws SQLException {
    return single("select count(*) from event_log where subscription_id = ?", id);
  }

  private long nextBlock(long id) throws SQLException {
    return single("select next_block from subscription where id = ?", id);
  }

  private long single(String sql, long id) throws SQLException {
    return StreamServiceJar.single(database, sql, id);
  }

  private List<long[]> events(long id) throws SQLException {
    List<long[]> events = new ArrayList<>();
    try (Connection c = postgres.connect(database);
        PreparedStatement s =
            c.prepareStatement(
                "select seq, block_number, log_index from event_log where subscription_id = ?"
                    + " order by seq")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
        }
      }
    }
    return events;
  }
}
