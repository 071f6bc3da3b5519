package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.resume.ResumePosition;
import dev.eventstreamer.common.resume.ResumeTokenException;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.AckRepository;
import dev.eventstreamer.stream.repository.ConnectionRepository;
import dev.eventstreamer.stream.repository.LeaseRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens a stream: where it starts (after the resume token's position, else after the committed
 * cursor), what happens to the subscription's other connection (taken over, or this one refused),
 * and the errors that end a stream before it starts, as stream messages (API.md codes) after a 200
 * that already names the connection, since that is what the published client reads.
 */
@ApplicationScoped
public class StreamOpener {

  private final SubscriptionLookup subscriptions;
  private final AckRepository acks;
  private final ConnectionRepository connections;
  private final StreamHub hub;
  private final StreamKeys keys;
  private final Acknowledgments acknowledgments;
  private final boolean takeOver;
  private final String replica;

  StreamOpener(
      SubscriptionLookup subscriptions,
      AckRepository acks,
      ConnectionRepository connections,
      StreamHub hub,
      StreamKeys keys,
      Acknowledgments acknowledgments,
      LeaseRepository leases,
      StreamConfig config) {
    this.subscriptions = subscriptions;
    this.acks = acks;
    this.connections = connections;
    this.hub = hub;
    this.keys = keys;
    this.acknowledgments = acknowledgments;
    this.takeOver =
        config.delivery().secondConnection() == StreamConfig.Delivery.SecondConnection.TAKE_OVER;
    this.replica = leases.owner();
  }

  /** Answers {@code response} with the stream of {@code subscriptionId}. */
  public void open(
      long subscriptionId, String resumeToken, Framing framing, HttpServerResponse response) {
    Context context = Vertx.currentContext();
    UUID connectionId = UUID.randomUUID();
    subscriptions
        .find(subscriptionId)
        .chain(
            found ->
                acks.cursor(subscriptionId).map(cursor -> new Found(found, cursor.orElse(null))))
        .subscribe()
        .with(
            f ->
                context.runOnContext(
                    v ->
                        opened(
                            f,
                            subscriptionId,
                            resumeToken,
                            framing,
                            response,
                            connectionId,
                            context)),
            failure ->
                context.runOnContext(
                    v -> {
                      Log.warnf(
                          "Opening a stream of subscription %d failed: %s",
                          subscriptionId, failure.toString());
                      refuse(
                          response,
                          framing,
                          connectionId,
                          subscriptionId,
                          "CONNECTION_LOST",
                          "The stream could not be opened; retry",
                          true);
                    }));
  }

  /** Answers as for a subscription that does not exist (one the caller's key may not see). */
  public void notFound(long subscriptionId, Framing framing, HttpServerResponse response) {
    refuse(
        response,
        framing,
        UUID.randomUUID(),
        subscriptionId,
        "SUBSCRIPTION_NOT_FOUND",
        notFoundMessage(subscriptionId),
        false);
  }

  private static String notFoundMessage(long subscriptionId) {
    return "Subscription " + subscriptionId + " not found (404)";
  }

  private record Found(Optional<Subscription> subscription, AckRepository.Position cursor) {}

  private record Opened(ConnectionRepository.Opened connection, long ackedSeq) {}

  private void opened(
      Found f,
      long subscriptionId,
      String resumeToken,
      Framing framing,
      HttpServerResponse response,
      UUID connectionId,
      Context context) {
    if (f.subscription().isEmpty() || f.subscription().get().deleted() || f.cursor() == null) {
      refuse(
          response,
          framing,
          connectionId,
          subscriptionId,
          "SUBSCRIPTION_NOT_FOUND",
          notFoundMessage(subscriptionId),
          false);
      return;
    }
    long after = f.cursor().seq();
    ResumePosition resumed = null;
    if (resumeToken != null) {
      try {
        resumed = keys.tokens().verify(resumeToken, subscriptionId);
        after = resumed.sequence();
      } catch (ResumeTokenException e) {
        refuse(
            response,
            framing,
            connectionId,
            subscriptionId,
            e.errorCode(),
            "The resume token is not valid for subscription "
                + subscriptionId
                + ": "
                + e.getMessage(),
            false);
        return;
      }
    }
    long start = after;
    long cursorSeq = f.cursor().seq();
    (resumed == null
            ? Uni.createFrom().item(cursorSeq)
            : acknowledgments.acknowledgeUpTo(subscriptionId, resumed, cursorSeq))
        .chain(
            acked ->
                connections
                    .open(connectionId, subscriptionId, replica, takeOver)
                    .map(opened -> new Opened(opened, acked)))
        .subscribe()
        .with(
            both ->
                context.runOnContext(
                    v -> {
                      ConnectionRepository.Opened opened = both.connection();
                      if (!opened.registered()) {
                        refuse(
                            response,
                            framing,
                            connectionId,
                            subscriptionId,
                            "ALREADY_STREAMING",
                            "Subscription "
                                + subscriptionId
                                + " is streaming on connection "
                                + opened.others().get(0),
                            true);
                        return;
                      }
                      for (UUID other : opened.others()) {
                        hub.end(
                            other,
                            "CONNECTION_TAKEN_OVER",
                            "Connection " + connectionId + " took over this one",
                            false);
                      }
                      hub.start(
                          connectionId,
                          subscriptionId,
                          f.subscription().get().chainId(),
                          response,
                          framing,
                          context,
                          start,
                          both.ackedSeq());
                    }),
            failure ->
                context.runOnContext(
                    v ->
                        refuse(
                            response,
                            framing,
                            connectionId,
                            subscriptionId,
                            "CONNECTION_LOST",
                            "The stream could not be opened; retry",
                            true)));
  }

  /** A 200 naming the connection, one error message, the end. */
  private void refuse(
      HttpServerResponse response,
      Framing framing,
      UUID connectionId,
      long subscriptionId,
      String code,
      String message,
      boolean recoverable) {
    if (response.ended() || response.closed()) {
      return;
    }
    hub.headers(response, framing, connectionId.toString());
    response.end(
        framing.frame(
            StreamMessages.ERROR,
            null,
            StreamMessages.error(
                subscriptionId, connectionId.toString(), code, message, recoverable)));
  }
}
