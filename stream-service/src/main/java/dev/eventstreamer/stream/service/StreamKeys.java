package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.resume.ResumeKeyRing;
import dev.eventstreamer.common.resume.ResumeTokens;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.StreamKeyRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The resume token signer of this replica: the configured keys ({@code stream.resume.keys.*}), or
 * else one key made once and kept in the database, so tokens survive restarts and any replica
 * verifies what another issued.
 */
// Made at start: the database key is read once, off any event loop.
@Startup
@Singleton
public class StreamKeys {

  private final ResumeTokens tokens;

  StreamKeys(StreamConfig config, StreamKeyRepository keys) {
    StreamConfig.Resume resume = config.resume();
    ResumeKeyRing ring;
    if (!resume.keys().isEmpty()) {
      ring =
          ResumeKeyRing.fromBase64(
              resume
                  .activeKey()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "stream.resume.keys are set but stream.resume.active-key is not")),
              resume.keys());
      Log.infof("Resume tokens signed with configured key %s", ring.activeKeyId());
    } else {
      ring =
          ResumeKeyRing.of(
              StreamKeyRepository.KEY_ID,
              keys.loadOrCreate().await().atMost(Duration.ofSeconds(30)));
    }
    this.tokens = new ResumeTokens(ring);
  }

  public ResumeTokens tokens() {
    return tokens;
  }
}
