package dev.eventstreamer.launcher;

import dev.eventstreamer.common.auth.ApiKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Registers the dev chain with chain-config-service through its chain API ({@code POST
 * /api/chains}). Against a kept database the chain exists already (409), and a PUT brings its
 * settings up to date instead, so the chain's RPC URL is always the dev chain's of this run.
 */
final class ChainRegistration {

  /** What came of it; the console line says the same to the user. */
  enum Outcome {
    REGISTERED,
    /** chain-config-service answers, but not with a chain API (its issue has not landed). */
    NO_CHAIN_API,
    FAILED
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_DETAIL = 200;

  private final URI chains;
  private final String adminKey;
  private final Console console;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param chains chain-config-service's {@code /api/chains}
   * @param adminKey the suite's admin key when API keys are on (chain writes need it), else null
   */
  ChainRegistration(URI chains, String adminKey, Console console) {
    this.chains = chains;
    this.adminKey = adminKey;
    this.console = console;
  }

  Outcome register(long chainId, String rpcUrl) {
    String name = "chain " + chainId;
    // Both spellings of the RPC URL, so any version of the chain API finds its field.
    JsonObject body =
        new JsonObject()
            .put("chain_id", chainId)
            .put("name", "Hardhat dev chain")
            .put("rpc_urls", new JsonArray().add(rpcUrl))
            .put("historical_rpc_url", rpcUrl)
            .put("average_block_time", 1)
            .put("confirmation_blocks", 0);
    try {
      String call = "POST /api/chains";
      HttpResponse<String> response = send("POST", chains, body);
      if (response.statusCode() == 409) {
        call = "PUT /api/chains/" + chainId;
        response = send("PUT", URI.create(chains + "/" + chainId), body);
      }
      int status = response.statusCode();
      if (status == 404 || status == 405) {
        console.info(
            name,
            "chain-config-service has no chain API yet; chain " + chainId + " not registered");
        return Outcome.NO_CHAIN_API;
      }
      if (status / 100 == 2) {
        console.ready(name, "registered with chain-config-service", Duration.ZERO);
        return Outcome.REGISTERED;
      }
      console.failed(
          name, "not registered: " + call + " answered " + status + " " + oneLine(response.body()));
    } catch (IOException e) {
      console.failed(name, "not registered: " + Suite.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      console.failed(name, "not registered: interrupted");
    }
    return Outcome.FAILED;
  }

  private HttpResponse<String> send(String method, URI uri, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    if (adminKey != null) {
      request.header(ApiKeys.HEADER, adminKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A problem body on one line of the console, cut short. */
  static String oneLine(String s) {
    String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").trim();
    return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "..." : oneLine;
  }
}
