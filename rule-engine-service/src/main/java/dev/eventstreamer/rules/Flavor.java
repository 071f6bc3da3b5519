package dev.eventstreamer.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule does with the events it matches, after aws-lambda-stream's flavors (task, s3 and sns
 * from its Python port, sqs from the JS {@code sendMessages}). Each names the fields it takes
 * besides the ones every rule has, and the ones it cannot do without.
 */
public enum Flavor {
  TASK(Set.of("emit", "expression", "compact", "split_on"), Set.of("emit")),
  COLLECT(Set.of("correlation_key", "ttl", "expire"), Set.of()),
  CORRELATE(
      Set.of("correlation_key", "correlation_key_suffix", "ttl", "expire"),
      Set.of("correlation_key")),
  EVALUATE(Set.of("correlation_key_suffix", "expression", "emit", "compact"), Set.of("emit")),
  EXPIRED(Set.of(), Set.of()),
  MATERIALIZE(
      Set.of(
          "compact",
          "split_on",
          "to_update_request",
          "to_fallback_update_request",
          "throw_condition_failure",
          "include_self"),
      Set.of("to_update_request")),
  UPDATE(
      Set.of(
          "compact",
          "to_query_request",
          "split_on",
          "to_get_request",
          "to_update_request",
          "to_fallback_update_request",
          "skip_latched",
          "throw_condition_failure"),
      Set.of("to_update_request")),
  CDC(Set.of("compact", "to_query_request", "to_get_request", "to_event"), Set.of()),
  S3(
      Set.of("split_on", "to_get_request", "to_put_request", "to_delete_request", "bucket_name"),
      Set.of("bucket_name")),
  SNS(
      Set.of("compact", "to_query_request", "to_get_request", "to_message", "topic_arn"),
      Set.of("to_message", "topic_arn")),
  SQS(
      Set.of("compact", "to_query_request", "to_get_request", "to_message", "queue_url"),
      Set.of("to_message", "queue_url"));

  private final Set<String> fields;
  private final Set<String> required;

  Flavor(Set<String> fields, Set<String> required) {
    this.fields = fields;
    this.required = required;
  }

  /** The name on the wire: {@code task}, {@code materialize}, ... */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The flavor's own fields. */
  public Set<String> fields() {
    return fields;
  }

  /** Those of its fields a rule of this flavor must have. */
  public Set<String> required() {
    return required;
  }

  /** Whether its rules run on the store's change log (the trigger flavors). */
  public boolean readsChanges() {
    return this == CORRELATE
        || this == EVALUATE
        || this == EXPIRED
        || this == CDC
        || this == UPDATE;
  }

  public static Optional<Flavor> of(String value) {
    return Arrays.stream(values()).filter(f -> f.value().equals(value)).findFirst();
  }

  /** The wire names, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(Flavor::value).toList());
  }
}
