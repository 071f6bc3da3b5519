package dev.eventstreamer.subscription.service;

import com.esaulpaugh.headlong.abi.Address;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.abi.Abi;
import dev.eventstreamer.common.abi.AbiEvent;
import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.problem.JsonKinds;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.subscription.config.SubscriptionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns create and update bodies into checked values, or a 400 listing every rejected field by its
 * JSON path. Bodies are read as trees so that an explicit {@code null} differs from an absent
 * field, and so that every wrong type is reported by field name rather than by Jackson.
 */
@ApplicationScoped
public class SubscriptionRequests {

  private static final Pattern TOPIC = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final int MAX_SUBSCRIBER_ID = 128;

  /** The statuses stream-service reports (API.md); a PUT may set them too. */
  public static final Set<String> STREAMING_STATUSES =
      Set.of("idle", "backfilling", "live", "completed", "stopped");

  private final int maxAddresses;

  public SubscriptionRequests(SubscriptionConfig config) {
    this.maxAddresses = config.maxAddresses();
  }

  /** A checked create body. */
  public SubscriptionDraft create(JsonNode body) {
    Fields f = new Fields(object(body));
    String topic0 = f.required("topic0") ? topic0(f) : null;
    AbiEvent event = null;
    ObjectNode signature = null;
    if (f.required("event_signature")) {
      signature = f.object("event_signature");
      event = signature == null ? null : event(signature, f);
    }
    List<String> addresses =
        f.present("addresses") ? Objects.requireNonNullElse(addresses(f), List.of()) : List.of();
    Long start = f.required("start_block") ? f.integer("start_block", 0) : null;
    Long end = f.present("end_block") ? f.integer("end_block", 0) : null;
    Long chainId = f.required("chain_id") ? f.integer("chain_id", 1) : null;
    String subscriberId = f.required("subscriber_id") ? subscriberId(f) : null;
    f.throwIfAny();
    SubscriptionDraft draft =
        new SubscriptionDraft(topic0, signature, addresses, start, end, chainId, subscriberId);
    crossCheck(draft, event, "topic0");
    return draft;
  }

  /** A checked update body; the rules between fields are checked later, by {@link #merge}. */
  public SubscriptionPatch update(JsonNode body) {
    Fields f = new Fields(object(body));
    SubscriptionPatch patch = new SubscriptionPatch();
    if (f.notNull("topic0")) {
      patch.topic0 = topic0(f);
    }
    if (f.notNull("event_signature")) {
      patch.eventSignature = f.object("event_signature");
      if (patch.eventSignature != null) {
        event(patch.eventSignature, f);
      }
    }
    if (f.present("addresses")) {
      patch.addressesSent = true;
      patch.addresses = addresses(f);
    }
    if (f.notNull("start_block")) {
      patch.startBlock = f.integer("start_block", 0);
    }
    if (f.present("end_block")) {
      patch.endBlockSent = true;
      patch.endBlock = f.integer("end_block", 0);
    }
    if (f.notNull("chain_id")) {
      patch.chainId = f.integer("chain_id", 1);
    }
    if (f.notNull("subscriber_id")) {
      patch.subscriberId = subscriberId(f);
    }
    if (f.notNull("is_streaming")) {
      patch.streaming = f.bool("is_streaming");
    }
    if (f.notNull("streaming_status")) {
      patch.streamingStatus = streamingStatus(f);
    }
    f.throwIfAny();
    return patch;
  }

  /** The definition after {@code patch}, with the rules between fields checked on the result. */
  public SubscriptionDraft merge(SubscriptionDraft current, SubscriptionPatch patch) {
    SubscriptionDraft next = patch.applyTo(current);
    AbiEvent event;
    try {
      event = Abi.parseEvent(next.eventSignature());
    } catch (AbiException e) {
      // Stored signatures were checked when written; only a newly sent one can fail here.
      throw ProblemException.badRequest(List.of(abiViolation(e)));
    }
    // Blame the field the client sent: a new signature against the stored topic0 is its mistake.
    String blamed =
        patch.topic0 == null && patch.eventSignature != null ? "event_signature" : "topic0";
    crossCheck(next, event, blamed);
    return next;
  }

  private void crossCheck(SubscriptionDraft draft, AbiEvent event, String topicField) {
    List<Violation> violations = new ArrayList<>();
    if (event != null && !event.anonymous() && !event.topic0().equals(draft.topic0())) {
      violations.add(
          Violation.body(
              topicField,
              "topic0 "
                  + draft.topic0()
                  + " does not match event_signature: expected "
                  + event.topic0()
                  + ", the keccak-256 of "
                  + event.canonicalSignature()));
    }
    if (draft.endBlock() != null && draft.endBlock() < draft.startBlock()) {
      violations.add(
          Violation.body(
              "end_block",
              "must be null or at least start_block ("
                  + draft.startBlock()
                  + "), got "
                  + draft.endBlock()));
    }
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
  }

  private static ObjectNode object(JsonNode body) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      throw ProblemException.badRequest(List.of(Violation.body("", "a JSON object is required")));
    }
    if (!body.isObject()) {
      throw ProblemException.badRequest(
          List.of(Violation.body("", "must be a JSON object, not " + JsonKinds.of(body))));
    }
    return (ObjectNode) body;
  }

  private static String topic0(Fields f) {
    String text = f.text("topic0");
    if (text != null && !TOPIC.matcher(text).matches()) {
      f.reject("topic0", "must be 0x followed by 64 hex digits");
      return null;
    }
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  private static AbiEvent event(ObjectNode signature, Fields f) {
    try {
      return Abi.parseEvent(signature);
    } catch (AbiException e) {
      f.add(abiViolation(e));
      return null;
    }
  }

  private static Violation abiViolation(AbiException e) {
    String path = e.path().isEmpty() ? "" : "." + e.path();
    return Violation.body("event_signature" + path, e.getMessage());
  }

  private List<String> addresses(Fields f) {
    JsonNode node = f.node("addresses");
    if (node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      f.reject("addresses", "must be a list of addresses, not " + JsonKinds.of(node));
      return null;
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "addresses[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        f.reject(field, "must be a string, not " + JsonKinds.of(item));
        continue;
      }
      String address = item.textValue();
      if (!ADDRESS.matcher(address).matches()) {
        f.reject(field, "must be 0x followed by 40 hex digits");
        continue;
      }
      String lower = address.toLowerCase(Locale.ROOT);
      if (isMixedCase(address) && !Address.toChecksumAddress(lower).equals(address)) {
        f.reject(
            field,
            "fails its EIP-55 checksum (mixed case must be the checksummed form "
                + Address.toChecksumAddress(lower)
                + ", or send it all lowercase)");
        continue;
      }
      distinct.add(lower);
    }
    if (distinct.size() > maxAddresses) {
      f.reject(
          "addresses",
          "at most " + maxAddresses + " distinct addresses are allowed, got " + distinct.size());
    }
    return List.copyOf(distinct);
  }

  private static boolean isMixedCase(String address) {
    String digits = address.substring(2);
    return !digits.equals(digits.toLowerCase(Locale.ROOT))
        && !digits.equals(digits.toUpperCase(Locale.ROOT));
  }

  private static String subscriberId(Fields f) {
    String id = f.text("subscriber_id");
    if (id == null) {
      return null;
    }
    if (id.isBlank()) {
      f.reject("subscriber_id", "must not be empty");
      return null;
    }
    if (id.codePointCount(0, id.length()) > MAX_SUBSCRIBER_ID) {
      f.reject("subscriber_id", "must be at most " + MAX_SUBSCRIBER_ID + " characters");
      return null;
    }
    if (id.codePoints().anyMatch(SubscriptionRequests::isControl)) {
      f.reject("subscriber_id", "must not contain control characters");
      return null;
    }
    return id;
  }

  private static boolean isControl(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  private static String streamingStatus(Fields f) {
    String status = f.text("streaming_status");
    if (status != null && !STREAMING_STATUSES.contains(status)) {
      f.reject(
          "streaming_status", "must be one of " + STREAMING_STATUSES.stream().sorted().toList());
      return null;
    }
    return status;
  }
}
