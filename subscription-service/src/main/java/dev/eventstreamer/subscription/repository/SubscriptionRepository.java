package dev.eventstreamer.subscription.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/** Subscriptions in the database. */
@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, Long> {

  /** One page ordered by id, optionally of one subscriber only. */
  public Uni<List<Subscription>> page(String subscriberId, int page, int pageSize) {
    var query =
        subscriberId == null
            ? findAll(Sort.by("id"))
            : find("subscriberId", Sort.by("id"), subscriberId);
    return query.page(Page.of(page - 1, pageSize)).list();
  }

  /** How many subscriptions there are, optionally of one subscriber only. */
  public Uni<Long> total(String subscriberId) {
    return subscriberId == null ? count() : count("subscriberId", subscriberId);
  }

  /** The subscription, its row locked until the transaction ends (writers of one id serialize). */
  public Uni<Subscription> findForUpdate(long id) {
    return findById(id, LockModeType.PESSIMISTIC_WRITE);
  }
}
