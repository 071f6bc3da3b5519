package dev.eventstreamer.rules.service;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one rule's run over one event produced: the events it emits and the changes of the store it
 * made, kept only when the run succeeds, and its counts for the rule's stats.
 */
public final class RuleOutput {

  private final boolean logChanges;
  private final List<OutboxEvent> events = new ArrayList<>();
  private final List<RuleEffect> effects = new ArrayList<>();
  private boolean matched;
  private int emitted;
  private int written;

  /**
   * @param logChanges whether the store's changes go to the change log (a rule reads it)
   */
  public RuleOutput(boolean logChanges) {
    this.logChanges = logChanges;
  }

  /** An output that logs no change: for a run that failed, or one that writes nothing. */
  public RuleOutput() {
    this(false);
  }

  /** The rule's event type and filters held for at least one unit of work. */
  public void matched() {
    matched = true;
  }

  public void emit(OutboxEvent event) {
    events.add(event);
    emitted++;
  }

  /**
   * A write of the store, with the change it makes (null when it changes nothing seen). The change
   * is logged only while some enabled rule reads the change log: like a table's stream turned on
   * later, a trigger rule sees the changes made from the moment it is in force.
   */
  public void wrote(OutboxEvent change, RuleEffect effect) {
    if (change != null && logChanges) {
      events.add(change);
    }
    effects.add(effect);
    written++;
  }

  /** The events it emits (without the changes it logs). */
  public List<OutboxEvent> emittedEvents() {
    return events.stream().filter(e -> Channels.DOMAIN_EVENTS.equals(e.channel())).toList();
  }

  /** A step that neither emits nor writes but that /test reports (a skipped update, say). */
  public void note(RuleEffect effect) {
    effects.add(effect);
  }

  public List<OutboxEvent> events() {
    return events;
  }

  public List<RuleEffect> effects() {
    return effects;
  }

  public boolean isMatched() {
    return matched;
  }

  public int emitted() {
    return emitted;
  }

  public int written() {
    return written;
  }
}
