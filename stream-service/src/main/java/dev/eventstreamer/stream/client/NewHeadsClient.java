package dev.eventstreamer.stream.client;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.stream.config.StreamConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * A chain's new heads ({@code eth_subscribe newHeads}) over the WebSocket that chain-config-service
 * relays at {@code /rpc/{chain_id}/ws}: the endpoint's URL and key stay with the gateway, as for
 * every other chain call. The upgrade carries the service key ({@code stream.chain-config.api-key})
 * when one is configured.
 */
@ApplicationScoped
public class NewHeadsClient {

  private static final String SUBSCRIBE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}";
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);

  /** An open subscription. */
  public interface Feed {
    /** Closes the socket; the feed's close callback runs. */
    void close();
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String base;
  private final String apiKey;

  NewHeadsClient(Vertx vertx, StreamConfig config) {
    this.vertx = vertx;
    this.client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setConnectTimeout(5_000).setIdleTimeout(0));
    URI url = URI.create(config.chainConfig().url());
    String scheme = "https".equalsIgnoreCase(url.getScheme()) ? "wss" : "ws";
    String path = url.getRawPath() == null ? "" : url.getRawPath().replaceFirst("/$", "");
    this.base = scheme + "://" + url.getRawAuthority() + path + "/rpc/";
    this.apiKey = config.chainConfig().apiKey().orElse(null);
  }

  /**
   * Subscribes to {@code chainId}'s new heads: {@code onHead} gets each head's number, {@code
   * onClosed} runs once when the socket ends after the subscription was confirmed.
   *
   * @return the feed, once the node confirmed the subscription; fails when the socket cannot be
   *     opened (the chain has none, the endpoint is down) or the node refused
   */
  public Uni<Feed> subscribe(long chainId, LongConsumer onHead, Runnable onClosed) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setAbsoluteURI(base + chainId + "/ws");
    if (apiKey != null) {
      // In the upgrade's headers: the gateway asks for the key before it opens the chain's socket.
      options.addHeader(ApiKeys.HEADER, apiKey);
    }
    return Uni.createFrom()
        .completionStage(
            () ->
                client
                    .connect(options)
                    .compose(socket -> confirm(chainId, socket, onHead, onClosed))
                    .toCompletionStage());
  }

  private Future<Feed> confirm(
      long chainId, WebSocket socket, LongConsumer onHead, Runnable onClosed) {
    Promise<Feed> subscribed = Promise.promise();
    long timer =
        vertx.setTimer(
            SUBSCRIBE_TIMEOUT.toMillis(),
            t -> {
              if (subscribed.tryFail("no answer to eth_subscribe in " + SUBSCRIBE_TIMEOUT)) {
                socket.close();
              }
            });
    socket.textMessageHandler(
        text -> {
          try {
            JsonObject message = new JsonObject(text);
            if ("eth_subscription".equals(message.getString("method"))) {
              String number =
                  message.getJsonObject("params").getJsonObject("result").getString("number");
              onHead.accept(Long.decode(number));
            } else if (message.containsKey("error")) {
              vertx.cancelTimer(timer);
              subscribed.tryFail("eth_subscribe refused: " + message.getValue("error"));
              socket.close();
            } else if (message.containsKey("result")) {
              vertx.cancelTimer(timer);
              subscribed.tryComplete(socket::close);
            }
          } catch (RuntimeException e) {
            // Not what a node sends: the feed is not to be trusted, polling takes over.
            Log.warnf("Chain %d: unreadable message on the new-heads socket: %s", chainId, e);
            socket.close();
          }
        });
    socket.closeHandler(
        v -> {
          vertx.cancelTimer(timer);
          if (!subscribed.tryFail("the socket closed before eth_subscribe was answered")) {
            onClosed.run();
          }
        });
    socket.exceptionHandler(failure -> socket.close());
    socket.writeTextMessage(SUBSCRIBE);
    return subscribed.future();
  }
}
