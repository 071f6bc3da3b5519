package dev.eventstreamer.chainconfig.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/** Reads and locks registry rows. */
@ApplicationScoped
public class ChainRepository implements PanacheRepositoryBase<Chain, Long> {

  /**
   * The chain with its row locked until the transaction ends, or null: writers of one chain take
   * turns, so its outbox events commit in the order of its versions.
   */
  public Uni<Chain> findForUpdate(long chainId) {
    return findById(chainId, LockModeType.PESSIMISTIC_WRITE);
  }

  /** Every chain, or only the active ones, by ascending chain id. */
  public Uni<List<Chain>> list(boolean includeInactive) {
    Sort byId = Sort.ascending("chainId");
    return includeInactive ? listAll(byId) : list("active", byId, true);
  }
}
