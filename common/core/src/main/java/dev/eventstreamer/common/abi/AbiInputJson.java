package dev.eventstreamer.common.abi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One input (or tuple component) of an event ABI as it arrives in JSON (API.md's ABIInput). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AbiInputJson(
    @JsonProperty("name") String name,
    @JsonProperty("type") String type,
    @JsonProperty("indexed") Boolean indexed,
    @JsonProperty("components") List<AbiInputJson> components,
    // Explicit name: a service's snake_case naming strategy must not turn it into internal_type.
    @JsonProperty("internalType") String internalType) {}
