package dev.eventstreamer.chainconfig.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Observes ChainsChanged the way the gateway does, so tests can see what was fired. */
@ApplicationScoped
public class ChainsChangedRecorder {

  private final List<ChainsChanged> seen = new CopyOnWriteArrayList<>();

  void onChange(@ObservesAsync ChainsChanged change) {
    seen.add(change);
  }

  public List<ChainsChanged> seen() {
    return List.copyOf(seen);
  }
}
