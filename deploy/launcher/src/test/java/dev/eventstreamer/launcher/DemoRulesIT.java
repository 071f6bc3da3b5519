package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./suite up --demo}'s rules, read as a user reads them through port 8000: every demo
 * account's balance view equals the chain's own {@code balanceOf} at the block the view was last
 * written at, and large transfers come out as events.
 */
class DemoRulesIT {

  static final String GATEWAY = "http://localhost:8000";
  static final Pattern TOKEN = Pattern.compile("the token (0x[0-9a-fA-F]{40})");
  static final Pattern RPC = Pattern.compile("devchain\\s+(http://\\S+)");
  static final Duration CAUGHT_UP = Duration.ofSeconds(90);

  // HTTP/1.1: the dev chain answers an h2c upgrade request with 400.
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void portsAreFree() {
    Assumptions.assumeTrue(Files.isExecutable(PackagedSuite.SETSID), "needs setsid (util-linux)");
    PackagedSuite.requirePortsFree();
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyBalanceViewIsTheChainsBalanceOfAndLargeTransfersAreEmitted(@TempDir Path runDir)
      throws Exception {
    Process launcher = PackagedSuite.up(runDir, "--demo");
    try {
      String said = Files.readString(PackagedSuite.terminal(runDir));
      Matcher token = TOKEN.matcher(said);
      Matcher rpc = RPC.matcher(said);
      assertTrue(token.find() && rpc.find(), said);
      assertTrue(said.contains("/api/views/"), "the demo prints how to read a balance:\n" + said);
      JsonArray all = rpc(rpc.group(1), "eth_accounts", new JsonArray()).getJsonArray("result");
      List<String> accounts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        accounts.add(all.getString(i).toLowerCase(Locale.ROOT));
      }

      long deadline = System.nanoTime() + CAUGHT_UP.toNanos();
      for (String account : accounts) {
        JsonObject view = null;
        while (view == null && System.nanoTime() < deadline) {
          HttpResponse<String> answer = get("/api/views/" + account + "/balance");
          if (answer.statusCode() == 200) {
            view = new JsonObject(answer.body());
          } else {
            assertEquals(404, answer.statusCode(), answer.body());
            Thread.sleep(250);
          }
        }
        assertTrue(view != null, account + " has a balance view within " + CAUGHT_UP);
        // Each demo block holds one Transfer: at the view's block the chain says the same.
        JsonObject data = view.getJsonObject("data");
        long block = data.getLong("block");
        String call = "0x70a08231000000000000000000000000" + account.substring(2);
        String balanceOf =
            rpc(
                    rpc.group(1),
                    "eth_call",
                    new JsonArray()
                        .add(new JsonObject().put("to", token.group(1)).put("data", call))
                        .add("0x" + Long.toHexString(block)))
                .getString("result");
        assertEquals(
            new BigInteger(balanceOf.substring(2), 16),
            new BigInteger(data.getString("balance")),
            account + " at block " + block + ": " + view.encode());
      }

      long emitted = 0;
      while (emitted == 0 && System.nanoTime() < deadline) {
        HttpResponse<String> stats = get("/api/rules/" + DemoRules.LARGE + "/stats");
        assertEquals(200, stats.statusCode(), stats.body());
        emitted = new JsonObject(stats.body()).getLong("emitted");
        Thread.sleep(500);
      }
      assertTrue(
          emitted > 0, "Transfers of 90 tokens or more come out as " + DemoRules.LARGE_TRANSFER);
    } finally {
      launcher.destroy();
      assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher stops");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject rpc(String url, String method, JsonArray params) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 1)
            .put("method", method)
            .put("params", params);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new JsonObject(answer.body());
  }
}
