package dev.eventstreamer.launcher;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.infra.postgres.PostgresServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The demo's rules: rule-engine-service keeps every demo account's token balance as a view ({@code
 * /api/views/<account>/balance}, credit and debit per Transfer with {@code add}) and emits a {@code
 * large-transfer} for each Transfer of {@value #LARGE_TOKENS} tokens or more. They read the token's
 * Transfers through a subscription of their own from block 0, so mints count too, and only that
 * subscription's events, so a user's own subscription of the token counts nothing twice.
 */
final class DemoRules {

  static final String CREDIT = "demo-credit";
  static final String DEBIT = "demo-debit";
  static final String LARGE = "demo-large-transfer";
  static final String LARGE_TRANSFER = "large-transfer";
  static final int LARGE_TOKENS = 90;
  static final String SUBSCRIBER = "demo-rules";

  private static final String ZERO = "0x0000000000000000000000000000000000000000";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String adminKey;
  private final Console console;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param adminKey the suite's admin key when API keys are on, else null
   */
  DemoRules(String adminKey, Console console) {
    this.adminKey = adminKey;
    this.console = console;
  }

  /**
   * Retires an earlier demo (with a kept database: its chain is gone, but the token and accounts of
   * this run's chain have the same addresses): its rules and subscriptions go first, so nothing
   * writes its balances any more, then the balances. Then subscribes, and saves the rules. False
   * when any step failed; the console says which.
   */
  boolean install(PostgresServer postgres, String token, long chainId) {
    long t = System.nanoTime();
    try {
      for (String id : List.of(CREDIT, DEBIT, LARGE)) {
        send("DELETE", URI.create(base(Service.RULE_ENGINE) + "/api/rules/" + id), null);
      }
      retireEarlierSubscriptions();
      int cleared = clearEarlierBalances(postgres);
      long subscription = subscribe(token, chainId);
      for (JsonObject rule : rules(subscription)) {
        save(rule);
      }
      console.ready(
          "demo rules",
          "balances as views and "
              + LARGE_TRANSFER
              + " events, from subscription "
              + subscription
              + (cleared > 0 ? " (" + cleared + " balances of an earlier demo cleared)" : ""),
          Duration.ofNanos(System.nanoTime() - t));
      return true;
    } catch (IOException | SQLException | IllegalStateException e) {
      console.failed("demo rules", "not installed: " + Suite.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      console.failed("demo rules", "not installed: interrupted");
    }
    return false;
  }

  /** The rules, reading only {@code subscription}'s Transfers. */
  static List<JsonObject> rules(long subscription) {
    String mine = "event.data.subscription_id = " + subscription;
    BigInteger large = BigInteger.valueOf(LARGE_TOKENS).multiply(DemoTraffic.ONE_TOKEN);
    return List.of(
        balanceRule(
            CREDIT,
            "to",
            "event.type = 'Transfer' ? event.data.value : '-' & event.data.value",
            "credits the receiver of each Transfer (debits it back when a reorg removes the log)",
            mine),
        balanceRule(
            DEBIT,
            "from",
            "event.type = 'Transfer' ? '-' & event.data.value : event.data.value",
            "debits the sender of each Transfer (credits it back when a reorg removes the log)",
            mine),
        new JsonObject()
            .put("id", LARGE)
            .put("flavor", "task")
            .put("description", "a large-transfer event for each Transfer of 90 tokens or more")
            .put("event_type", "Transfer")
            .put("filters", new JsonArray().add(mine).add("$number(event.data.value) >= " + large))
            .put("emit", LARGE_TRANSFER));
  }

  private static JsonObject balanceRule(
      String id, String account, String amount, String description, String mine) {
    String party = "$lowercase(event.data." + account + ")";
    return new JsonObject()
        .put("id", id)
        .put("flavor", "materialize")
        .put("description", description)
        // A log that a reorg removed comes again as Transfer-removed: its amount goes back.
        .put("event_type", new JsonArray().add("Transfer").add("Transfer-removed"))
        .put("filters", new JsonArray().add(mine).add(party + " != '" + ZERO + "'"))
        .put(
            "to_update_request",
            "{'key': {'pk': "
                + party
                + ", 'sk': 'balance'}, 'discriminator': 'balance', 'add': {'balance': "
                + amount
                + "}, 'set': {'token': $lowercase(event.data.address), 'block': event.data.block_number}}");
  }

  private static int clearEarlierBalances(PostgresServer postgres) throws SQLException {
    try (Connection c = postgres.connect("rules");
        Statement s = c.createStatement()) {
      // rule-engine-service has not made its tables yet on a fresh database.
      var exists = s.executeQuery("select to_regclass('rule_view') is not null");
      exists.next();
      if (!exists.getBoolean(1)) {
        return 0;
      }
      return s.executeUpdate("delete from rule_view where sk = 'balance'");
    }
  }

  private void retireEarlierSubscriptions() throws IOException, InterruptedException {
    URI list =
        URI.create(
            base(Service.SUBSCRIPTION)
                + "/subscriptions?page_size=100&subscriber_id="
                + SUBSCRIBER);
    HttpResponse<String> answer = send("GET", list, null);
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /subscriptions answered " + answer.statusCode() + " " + answer.body());
    }
    JsonArray earlier = new JsonObject(answer.body()).getJsonArray("subscriptions");
    for (int i = 0; i < earlier.size(); i++) {
      long id = earlier.getJsonObject(i).getLong("id");
      send("DELETE", URI.create(base(Service.SUBSCRIPTION) + "/subscriptions/" + id), null);
    }
  }

  private long subscribe(String token, long chainId) throws IOException, InterruptedException {
    JsonObject body = TransferSubscription.request(token, chainId, 0, SUBSCRIBER);
    HttpResponse<String> answer =
        send("POST", URI.create(base(Service.SUBSCRIPTION) + "/subscriptions"), body);
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "POST /subscriptions answered " + answer.statusCode() + " " + answer.body());
    }
    return new JsonObject(answer.body()).getLong("id");
  }

  private void save(JsonObject rule) throws IOException, InterruptedException {
    URI rules = URI.create(base(Service.RULE_ENGINE) + "/api/rules");
    HttpResponse<String> answer = send("POST", rules, rule);
    if (answer.statusCode() == 409) {
      answer = send("PUT", URI.create(rules + "/" + rule.getString("id")), rule);
    }
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "rule " + rule.getString("id") + ": " + answer.statusCode() + " " + answer.body());
    }
  }

  private HttpResponse<String> send(String method, URI uri, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (adminKey != null) {
      request.header(ApiKeys.HEADER, adminKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String base(Service service) {
    return "http://127.0.0.1:" + service.port();
  }

  /** The commands that read an account's balance from the view and from the chain. */
  static List<String> commands(String gateway, String rpcUrl, String token, String account) {
    String lower = account.toLowerCase(Locale.ROOT);
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\""
            + token
            + "\",\"data\":\"0x70a08231000000000000000000000000"
            + lower.substring(2)
            + "\"},\"latest\"]}";
    return List.of(
        "Rules (the token's balances as views, and " + LARGE_TRANSFER + " events):",
        "  curl -s " + gateway + "/api/rules",
        "  curl -s " + gateway + "/api/views/" + lower + "/balance",
        "  curl -s " + rpcUrl + " -H 'Content-Type: application/json' -d '" + call + "'",
        "    (the chain's own balanceOf, hex; the view's balance is the same once ingestion has"
            + " caught up)",
        "  curl -s " + gateway + "/api/rules/" + LARGE + "/stats");
  }
}
