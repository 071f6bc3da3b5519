package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's registration of the dev chain, against a real local HTTP server standing in for
 * chain-config-service: it records each request and answers what the test queued.
 */
class ChainRegistrationTest {

  private static final long CHAIN_ID = 31337;
  private static final String RPC_URL = "http://127.0.0.1:8545";

  private record Received(String method, String path, String contentType, String body) {}

  private record Answer(int status, String body) {}

  private HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private ChainRegistration registration;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          synchronized (this) {
            received.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          }
          Answer answer = answers.isEmpty() ? new Answer(500, "no answer queued") : answers.pop();
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    registration = registrationAt(server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ChainRegistration registrationAt(int port) {
    return new ChainRegistration(
        URI.create("http://127.0.0.1:" + port + "/api/chains"),
        null,
        new Console(new PrintWriter(out), new PrintWriter(err)));
  }

  @Test
  void postsTheDevChainInBothShapesOfTheChainApi() {
    answers.add(new Answer(201, "{}"));

    assertEquals(ChainRegistration.Outcome.REGISTERED, registration.register(CHAIN_ID, RPC_URL));

    assertEquals(1, received.size());
    Received post = received.get(0);
    assertEquals("POST", post.method());
    assertEquals("/api/chains", post.path());
    assertEquals("application/json", post.contentType());
    JsonObject body = new JsonObject(post.body());
    assertEquals(CHAIN_ID, body.getLong("chain_id"));
    assertEquals(new JsonArray().add(RPC_URL), body.getJsonArray("rpc_urls"));
    assertEquals(RPC_URL, body.getString("historical_rpc_url"));
    assertEquals(1, body.getInteger("average_block_time"));
    assertEquals(0, body.getInteger("confirmation_blocks"));
    assertTrue(out.toString().contains("registered with chain-config-service"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void updatesAChainThatExistsAlready() {
    answers.add(new Answer(409, "{\"detail\":\"Chain 31337 already exists\"}"));
    answers.add(new Answer(200, "{}"));

    assertEquals(ChainRegistration.Outcome.REGISTERED, registration.register(CHAIN_ID, RPC_URL));

    assertEquals(2, received.size());
    Received put = received.get(1);
    assertEquals("PUT", put.method());
    assertEquals("/api/chains/" + CHAIN_ID, put.path());
    assertEquals(new JsonObject(received.get(0).body()), new JsonObject(put.body()));
    assertTrue(out.toString().contains("registered"), out.toString());
  }

  @Test
  void saysSoWhenTheServiceHasNoChainApi() {
    answers.add(new Answer(404, "Not Found"));

    assertEquals(ChainRegistration.Outcome.NO_CHAIN_API, registration.register(CHAIN_ID, RPC_URL));

    assertTrue(out.toString().contains("has no chain API yet"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void showsTheCallTheStatusAndTheProblemOnOneLineWhenRefused() {
    answers.add(new Answer(409, "{}"));
    answers.add(
        new Answer(
            400, "{\n  \"status\": 400,\n  \"detail\": \"rpc_urls[0]: not an http(s) URL\"\n}"));

    assertEquals(ChainRegistration.Outcome.FAILED, registration.register(CHAIN_ID, RPC_URL));

    String line = err.toString().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains("not registered: PUT /api/chains/31337 answered 400"), line);
    assertTrue(line.contains("\"detail\": \"rpc_urls[0]: not an http(s) URL\""), line);
  }

  @Test
  void cutsALongAnswerShort() {
    answers.add(new Answer(500, "x".repeat(1000)));

    assertEquals(ChainRegistration.Outcome.FAILED, registration.register(CHAIN_ID, RPC_URL));

    String line = err.toString().strip();
    assertTrue(line.endsWith("x".repeat(200) + "..."), line);
    assertTrue(line.length() < 300, line);
  }

  @Test
  void failsWithoutHangingWhenNothingListens() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    assertEquals(
        ChainRegistration.Outcome.FAILED, registrationAt(closed).register(CHAIN_ID, RPC_URL));

    assertTrue(err.toString().contains("chain 31337"), err.toString());
    assertTrue(err.toString().contains("not registered: "), err.toString());
  }
}
