package dev.eventstreamer.stream.rest;

import dev.eventstreamer.infra.testing.StandardEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

/** stream-service answers the standard endpoints against a real, fresh database. */
@QuarkusTest
class StandardEndpointsTest extends StandardEndpointsContract {

  @Override
  protected String writePath() {
    return "/stream/c-1/heartbeat";
  }
}
