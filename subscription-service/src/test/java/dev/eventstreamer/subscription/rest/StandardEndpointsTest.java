package dev.eventstreamer.subscription.rest;

import dev.eventstreamer.infra.testing.StandardEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

/**
 * subscription-service answers the standard endpoints against a real, fresh database (see
 * SubscriptionTestResources).
 */
@QuarkusTest
class StandardEndpointsTest extends StandardEndpointsContract {

  @Override
  protected String writePath() {
    return "/subscriptions";
  }
}
