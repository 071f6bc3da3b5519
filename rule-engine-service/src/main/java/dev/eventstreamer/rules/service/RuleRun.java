package dev.eventstreamer.rules.service;

import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.Map;

/**
 * One rule running over one trigger, inside the transaction of that event.
 *
 * @param client the transaction's connection
 * @param output where the run's emits and changes go
 */
public record RuleRun(
    CompiledRule rule,
    Trigger trigger,
    SqlClient client,
    RuleOutput output,
    Map<String, Object>[] at) {

  @SuppressWarnings("unchecked")
  public RuleRun(CompiledRule rule, Trigger trigger, SqlClient client, RuleOutput output) {
    this(rule, trigger, client, output, new Map[1]);
  }

  /** Marks {@code uow} as the one being worked on: a fault of this run carries it. */
  public Map<String, Object> at(Map<String, Object> uow) {
    at[0] = uow;
    return uow;
  }

  /** The unit of work the run was at when it failed (its first, before any step). */
  public Map<String, Object> current() {
    return at[0] != null ? at[0] : uow();
  }

  /** A fresh unit of work of this run. */
  public Map<String, Object> uow() {
    return trigger.uow(rule.id());
  }

  /**
   * Whether the unit of work's event passes the rule's event type and filters; counts a match.
   *
   * @throws UowFailure when a filter fails
   */
  @SuppressWarnings("unchecked")
  public boolean matches(Map<String, Object> uow) {
    at(uow);
    Object event = uow.get("event");
    Object type = event instanceof Map<?, ?> e ? ((Map<String, Object>) e).get("type") : null;
    if (!(type instanceof String t) || !rule.matchesType(t) || !rule.passesFilters(uow)) {
      return false;
    }
    output.matched();
    return true;
  }
}
