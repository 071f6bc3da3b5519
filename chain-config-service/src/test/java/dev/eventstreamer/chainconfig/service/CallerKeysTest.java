package dev.eventstreamer.chainconfig.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.chainconfig.config.AuthConfig;
import dev.eventstreamer.common.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each key may do, for the settings an operator can leave out (one application each). */
class CallerKeysTest {

  static final Optional<String> ADMIN = Optional.of("the-admin-key");
  static final Optional<String> SERVICE = Optional.of("a-service-key");

  @Test
  void keysOffLetEveryoneThrough() {
    CallerKeys keys = keys(false, ADMIN, Optional.of(List.of("a-service-key")));
    assertDoesNotThrow(() -> keys.requireAdmin(Optional.empty()));
    assertDoesNotThrow(() -> keys.requireRpc(Optional.of("anything")));
  }

  @Test
  void withoutAnAdminKeyWritesAreClosedAndTheServiceKeysStillReachTheGateway() {
    CallerKeys keys = keys(true, Optional.empty(), Optional.of(List.of("a-service-key")));
    ProblemException closed = assertThrows(ProblemException.class, () -> keys.requireAdmin(ADMIN));
    assertEquals(403, closed.status());
    assertTrue(closed.detail().contains("no chain-config.auth.admin-key"), closed.detail());
    assertDoesNotThrow(() -> keys.requireRpc(SERVICE));
    assertEquals(401, assertThrows(ProblemException.class, () -> keys.requireRpc(ADMIN)).status());
  }

  @Test
  void withoutAnyKeyTheGatewayIsClosed() {
    CallerKeys keys = keys(true, Optional.empty(), Optional.empty());
    ProblemException closed = assertThrows(ProblemException.class, () -> keys.requireRpc(SERVICE));
    assertEquals(403, closed.status());
    assertTrue(closed.detail().contains("is configured"), closed.detail());
  }

  @Test
  void theAdminKeyAloneReachesTheGatewayWhenNoServiceKeyIsSet() {
    CallerKeys keys = keys(true, Optional.of(" the-admin-key "), Optional.of(List.of("", " ")));
    assertDoesNotThrow(() -> keys.requireRpc(ADMIN));
    assertDoesNotThrow(() -> keys.requireAdmin(ADMIN));
    // A blank service key is no key: it opens nothing.
    assertEquals(
        401, assertThrows(ProblemException.class, () -> keys.requireRpc(Optional.of(""))).status());
  }

  private static CallerKeys keys(
      boolean enabled, Optional<String> admin, Optional<List<String>> services) {
    return new CallerKeys(
        new AuthConfig() {
          @Override
          public boolean enabled() {
            return enabled;
          }

          @Override
          public Optional<String> adminKey() {
            return admin;
          }

          @Override
          public Optional<List<String>> serviceKeys() {
            return services;
          }
        });
  }
}
