package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SuiteTest {

  private final StringWriter out = new StringWriter();
  private final Suite suite =
      new Suite(new Console(new PrintWriter(out, true), new PrintWriter(out, true)));
  private final List<String> stopped = new CopyOnWriteArrayList<>();

  private Suite.Stopper recording(String name) {
    return () -> {
      stopped.add(name);
      return "stopped";
    };
  }

  @Test
  void stopsStageByStageGatewayFirstDatabaseLast() throws Exception {
    suite.start(Suite.Stage.POSTGRES, "postgres", () -> "pg", x -> recording("postgres"));
    suite.start(Suite.Stage.BROKER, "kafka", () -> "k", x -> recording("kafka"));
    suite.start(Suite.Stage.DEVCHAIN, "devchain", () -> "d", x -> recording("devchain"));
    suite.start(
        Suite.Stage.SERVICES, "stream-service", () -> "s", x -> recording("stream-service"));
    suite.start(Suite.Stage.GATEWAY, "gateway", () -> "g", x -> recording("gateway"));
    suite.start(
        Suite.Stage.DEMO_TRAFFIC, "demo traffic", () -> "t", x -> recording("demo traffic"));

    suite.stop();
    suite.stop();

    assertEquals(
        List.of("gateway", "stream-service", "demo traffic", "devchain", "kafka", "postgres"),
        stopped);
    assertTrue(out.toString().contains("■ gateway"), out.toString());
  }

  @Test
  void refusesToStartOnceStopped() {
    suite.stop();
    assertThrows(
        Suite.StartFailure.class,
        () -> suite.start(Suite.Stage.GATEWAY, "gateway", () -> "g", x -> recording("gateway")));
  }

  @Test
  void undoesASlowStartThatTimedOutWhenItFinishes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Suite.StartFailure failure =
        assertThrows(
            Suite.StartFailure.class,
            () ->
                suite.startWithin(
                    Suite.Stage.BROKER,
                    "kafka",
                    Duration.ofMillis(100),
                    () -> {
                      release.await();
                      return "k";
                    },
                    x -> recording("kafka")));
    assertTrue(failure.getMessage().contains("kafka did not start within"), failure.getMessage());
    release.countDown();
    suite.stop(); // waits for the late start, which stops itself
    assertEquals(List.of("kafka"), stopped);
  }

  @Test
  void reportsAStartThatThrows() {
    Suite.StartFailure failure =
        assertThrows(
            Suite.StartFailure.class,
            () ->
                suite.startWithin(
                    Suite.Stage.POSTGRES,
                    "postgres",
                    Duration.ofSeconds(5),
                    () -> {
                      throw new IllegalStateException("no PostgreSQL at 127.0.0.1:5432");
                    },
                    x -> recording("postgres")));
    assertEquals("postgres failed to start: no PostgreSQL at 127.0.0.1:5432", failure.getMessage());
  }
}
