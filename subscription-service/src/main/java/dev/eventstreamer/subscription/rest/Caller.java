package dev.eventstreamer.subscription.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;

/**
 * Who is calling: unrestricted (authentication off, or the admin key) or one subscriber, whose key
 * {@link ApiKeyFilter} recognised.
 */
@RequestScoped
public class Caller {

  private String subscriber;

  void restrictTo(String subscriberId) {
    this.subscriber = subscriberId;
  }

  /** The only subscriber this caller may see, or empty when it may see all. */
  public Optional<String> subscriber() {
    return Optional.ofNullable(subscriber);
  }

  /** 403 when a subscriber's key tries to act for another subscriber. */
  public void requireMayActFor(String subscriberId) {
    if (subscriber != null && subscriberId != null && !subscriber.equals(subscriberId)) {
      throw new WebApplicationException(
          "This API key belongs to subscriber "
              + subscriber
              + " and cannot act for subscriber "
              + subscriberId,
          403);
    }
  }
}
