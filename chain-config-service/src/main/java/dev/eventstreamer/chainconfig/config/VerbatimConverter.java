package dev.eventstreamer.chainconfig.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A configuration value as it is, the empty string included: a seed's {@code websocket-url=} (or an
 * unset {@code ${VAR:}}) means "none" and must not stop the startup as a missing value would.
 */
@RegisterForReflection
public class VerbatimConverter implements Converter<String> {

  @Override
  public String convert(String value) {
    return value;
  }
}
