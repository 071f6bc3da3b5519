package dev.eventstreamer.common.abi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An event ABI as it arrives in JSON (API.md's ABIEvent), unchecked; {@link Abi#parseEvent} checks
 * it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AbiEventJson(
    @JsonProperty("type") String type,
    @JsonProperty("name") String name,
    @JsonProperty("inputs") List<AbiInputJson> inputs,
    @JsonProperty("anonymous") Boolean anonymous) {}
