package dev.eventstreamer.common.outbox.impl;

import dev.eventstreamer.common.outbox.OutboxException;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/** Connect options for the relay's own LISTEN connection, from the default reactive datasource. */
public final class PgOptions {

  private static final String VERTX_PREFIX = "vertx-reactive:";

  private PgOptions() {}

  /** From {@code quarkus.datasource.reactive.url}, {@code .username} and {@code .password}. */
  public static PgConnectOptions from(Config config) {
    Optional<String> url = config.getOptionalValue("quarkus.datasource.reactive.url", String.class);
    if (url.isEmpty()) {
      throw new OutboxException(
          OutboxException.Kind.NO_DATASOURCE,
          "the outbox relay needs quarkus.datasource.reactive.url");
    }
    // Several hosts may be listed; the LISTEN connection needs one of them.
    String first = url.get().split(",")[0].trim();
    if (first.startsWith(VERTX_PREFIX)) {
      first = first.substring(VERTX_PREFIX.length());
    }
    PgConnectOptions options = PgConnectOptions.fromUri(first);
    config
        .getOptionalValue("quarkus.datasource.username", String.class)
        .ifPresent(options::setUser);
    config
        .getOptionalValue("quarkus.datasource.password", String.class)
        .ifPresent(options::setPassword);
    return options;
  }
}
