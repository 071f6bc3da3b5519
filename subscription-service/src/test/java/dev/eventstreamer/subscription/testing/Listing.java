package dev.eventstreamer.subscription.testing;

import static io.restassured.RestAssured.given;

/** What {@code GET /subscriptions} says, for tests that check a refused request stored nothing. */
public final class Listing {

  private Listing() {}

  /** How many subscriptions {@code subscriberId} has. */
  public static long total(String subscriberId) {
    return given()
        .queryParam("subscriber_id", subscriberId)
        .queryParam("page_size", 1)
        .get("/subscriptions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("total");
  }
}
