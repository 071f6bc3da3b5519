package dev.eventstreamer.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A JSON-RPC node that answers {@code eth_blockNumber} (and anything else) at once with a fixed
 * head, echoing the request id: the "fast upstream" the gateway's overhead is measured against.
 */
final class FastUpstream implements AutoCloseable {

  static final String HEAD = "0x1312d00";

  private final HttpServer server;

  private FastUpstream(HttpServer server) {
    this.server = server;
  }

  static FastUpstream start(Vertx vertx) throws Exception {
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(
                request ->
                    request.body(
                        body -> {
                          String answer =
                              "{\"jsonrpc\":\"2.0\",\"id\":"
                                  + idOf(body.result())
                                  + ",\"result\":\""
                                  + HEAD
                                  + "\"}";
                          request
                              .response()
                              .putHeader("Content-Type", "application/json")
                              .end(Buffer.buffer(answer.getBytes(StandardCharsets.UTF_8)));
                        }))
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return new FastUpstream(server);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/";
  }

  /** The raw JSON of the request's top-level {@code id}, or {@code null}. */
  static String idOf(Buffer body) {
    String json = body == null ? "" : body.toString(StandardCharsets.UTF_8);
    int key = json.indexOf("\"id\"");
    if (key < 0) {
      return "null";
    }
    int colon = json.indexOf(':', key + 4);
    if (colon < 0) {
      return "null";
    }
    int start = colon + 1;
    while (start < json.length() && Character.isWhitespace(json.charAt(start))) {
      start++;
    }
    int end = start;
    if (end < json.length() && json.charAt(end) == '"') {
      end = json.indexOf('"', end + 1) + 1;
    } else {
      while (end < json.length() && ",}] \n\r\t".indexOf(json.charAt(end)) < 0) {
        end++;
      }
    }
    return end <= start ? "null" : json.substring(start, end);
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
