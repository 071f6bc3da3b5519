package dev.eventstreamer.chainconfig.service;

/** What a write did to a chain, and the chain afterwards. */
public record ChainWrite(Outcome outcome, ChainView chain) {

  /** How the registry changed; {@link #message} is the text the API answers with. */
  public enum Outcome {
    CREATED("created"),
    REACTIVATED("reactivated"),
    UPDATED("updated"),
    UNCHANGED("unchanged"),
    DEACTIVATED("deactivated"),
    ALREADY_INACTIVE("already inactive");

    private final String words;

    Outcome(String words) {
      this.words = words;
    }

    /** {@code Chain 1 created}. */
    public String message(long chainId) {
      return "Chain " + chainId + " " + words;
    }
  }

  public String message() {
    return outcome.message(chain.chainId());
  }
}
