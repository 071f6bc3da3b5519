package dev.eventstreamer.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventstreamer.infra.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC endpoint in front of the dev chain that refuses wide eth_getLogs the way one provider
 * does, chosen by the path ({@code /infura}, {@code /alchemy}, ...), and passes everything else
 * through: the provider behaviour a real deployment meets, on a chain whose answers are real. Each
 * provider takes at most {@link #LIMIT} blocks (or {@link #RESULTS} logs) per call; {@code
 * /ratelimited} also answers every third call with HTTP 429.
 */
public final class RefusingProvider implements AutoCloseable {

  /** Blocks per eth_getLogs the providers take. */
  public static final int LIMIT = 100;

  /** Logs per eth_getLogs the result-limited providers answer. */
  public static final int RESULTS = 50;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESULT_LIMITED = Set.of("results", "arbitrum", "onerpc");

  private final HttpServer server;
  private final String upstream;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** What the provider named "switchable" does with every call. */
  public enum Outage {
    /** Sends it on to the node. */
    NONE,
    /** HTTP 429, as a provider whose quota is used up. */
    RATE_LIMITED,
    /** HTTP 503, as a provider that is down. */
    DOWN
  }

  private volatile Outage switchable = Outage.NONE;

  /** Switches what the provider named "switchable" does from now on. */
  public void switchable(Outage outage) {
    this.switchable = outage;
  }

  public RefusingProvider(String upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  /** The URL of the provider named {@code family}. */
  public String url(String family) {
    return "http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort() + "/" + family;
  }

  /** eth_getLogs the provider refused so far. */
  public int refusals(String family) {
    return refusals.computeIfAbsent(family, f -> new AtomicInteger()).get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      answer(exchange);
    } catch (IOException | RuntimeException e) {
      System.err.println("RefusingProvider failed: " + e);
      send(exchange, 500, "{}");
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String family = exchange.getRequestURI().getPath().substring(1);
    byte[] body = exchange.getRequestBody().readAllBytes();
    int call = calls.computeIfAbsent(family, f -> new AtomicInteger()).incrementAndGet();
    if ("switchable".equals(family) && switchable != Outage.NONE) {
      if (switchable == Outage.DOWN) {
        send(exchange, 503, "{}");
      } else {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(
            exchange,
            429,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"Too Many"
                + " Requests\"}}");
      }
      return;
    }
    if ("ratelimited".equals(family) && call % 3 == 0) {
      send(
          exchange,
          429,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"Too Many Requests\"}}");
      return;
    }
    JsonNode request = JSON.readTree(body);
    if (request.isObject() && "eth_getLogs".equals(request.path("method").asText())) {
      JsonNode filter = request.path("params").path(0);
      if (filter.has("fromBlock")) {
        long from = Long.decode(filter.get("fromBlock").asText());
        long to = Long.decode(filter.get("toBlock").asText());
        // A provider that limits results looks at the answer first; it is sent on when it fits.
        String upstream = RESULT_LIMITED.contains(family) ? forward(body) : null;
        String refusal = refusal(family, from, to, upstream);
        if (refusal != null) {
          refusals.computeIfAbsent(family, f -> new AtomicInteger()).incrementAndGet();
          ObjectNode answer = JSON.createObjectNode();
          answer.put("jsonrpc", "2.0");
          answer.set("id", request.get("id"));
          answer.set("error", JSON.readTree(refusal));
          send(exchange, 200, answer.toString());
          return;
        }
        if (upstream != null) {
          send(exchange, 200, upstream);
          return;
        }
      }
    }
    send(exchange, 200, forward(body));
  }

  /**
   * The error object the provider answers, or null when it takes the call; {@code upstream} is the
   * node's answer for the providers that limit results.
   */
  private String refusal(String family, long from, long to, String upstream) throws IOException {
    long blocks = to - from + 1;
    String fromHex = "0x" + Long.toHexString(from);
    String fitHex = "0x" + Long.toHexString(from + LIMIT - 1);
    if (upstream != null) {
      int logs = JSON.readTree(upstream).path("result").size();
      if (logs <= RESULTS) {
        return null;
      }
      return switch (family) {
        case "results" -> error(-32000, "query returned more than " + RESULTS + " results", null);
        case "arbitrum" -> error(-32000, "logs matched by query exceeds limit of " + RESULTS, null);
        default -> error(-32000, "response size should not greater than 10000 bytes", null);
      };
    }
    if (blocks <= LIMIT || "switchable".equals(family)) {
      return null;
    }
    return switch (family) {
      case "infura" ->
          error(
              -32005,
              "query returned more than 10000 results. Try with this block range ["
                  + fromHex
                  + ", "
                  + fitHex
                  + "].",
              "{\"from\":\"" + fromHex + "\",\"limit\":10000,\"to\":\"" + fitHex + "\"}");
      case "alchemy" ->
          error(
              -32600,
              "Under the Free tier plan, you can make eth_getLogs requests with up to a "
                  + LIMIT
                  + " block range. Based on your parameters, this block range should work: ["
                  + fromHex
                  + ", "
                  + fitHex
                  + "]",
              null);
      case "reth" ->
          error(
              -32602,
              "query exceeds max results 20000, retry with the range "
                  + from
                  + "-"
                  + (from + LIMIT - 1),
              null);
      case "quicknode" -> error(-32614, "eth_getLogs is limited to a " + LIMIT + " range", null);
      case "cloudflare" -> error(-32047, "Max range: " + LIMIT, null);
      case "thirdweb" ->
          error(-32602, "Maximum allowed number of requested blocks is " + LIMIT, null);
      case "coinbase" ->
          error(-32000, "please limit the query to at most " + LIMIT + " blocks", null);
      case "publicnode" -> error(-32701, "maximum block range: " + LIMIT, null);
      case "ankr" -> error(-32600, "block range is too wide", null);
      case "chainstack" -> error(-32000, "Block range limit exceeded.", null);
      case "base", "ratelimited" -> error(-32000, "block range too large", null);
      default -> throw new IllegalArgumentException("no provider " + family);
    };
  }

  private static String error(long code, String message, String data) {
    ObjectNode error = JSON.createObjectNode();
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      try {
        error.set("data", JSON.readTree(data));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return error.toString();
  }

  private String forward(byte[] body) throws IOException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(upstream))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
