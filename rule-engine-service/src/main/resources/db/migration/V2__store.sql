-- The rules' store (aws-lambda-stream's "micro event store" and views, docs/rules.md).

-- Collected events (sk 'EVENT', pk the event id, data the correlation key) and correlations
-- (pk the correlation key, sk the event id, discriminator 'CORREL').
create table rule_event (
    -- Insertion order; rows of one key are inserted one transaction after the other, so an
    -- evaluation at a row sees exactly the rows of its key inserted up to it.
    seq           bigserial   not null,
    pk            text        not null,
    sk            text        not null,
    discriminator text        not null,
    data          text,
    -- Epoch seconds; the sweeper removes the row once it has passed.
    ttl           bigint,
    -- true, or the type the expiry event gets; null: the row expires without an event.
    expire        jsonb,
    timestamp     bigint,
    suffix        text,
    rule_id       text        not null,
    event         jsonb       not null,
    created_at    timestamptz not null default now(),
    primary key (pk, sk)
);
-- evaluate reads all events of a correlation key (aws-lambda-stream's DataIndex).
create index rule_event_data on rule_event (data, sk);
create index rule_event_ttl on rule_event (ttl) where ttl is not null;

-- Views: what materialize and update rules write, read through /api/views.
create table rule_view (
    pk            text        not null,
    sk            text        not null,
    discriminator text,
    data          jsonb       not null default '{}',
    -- The event time (ms) of the last write: an older event never overwrites a newer view.
    timestamp     bigint,
    latched       boolean     not null default false,
    deleted       boolean     not null default false,
    ttl           bigint,
    updated_at    timestamptz not null default now(),
    primary key (pk, sk)
);
create index rule_view_ttl on rule_view (ttl) where ttl is not null;

-- Which rule applied which CloudEvent (or change), so a redelivery changes nothing.
create table rule_applied (
    rule_id    text        not null,
    event_id   text        not null,
    -- 'done', or 'fault' while a fault of it is open.
    outcome    text        not null,
    applied_at timestamptz not null default now(),
    primary key (event_id, rule_id)
);
create index rule_applied_at on rule_applied (applied_at);

-- Failed units of work, resubmittable.
create table fault (
    id             uuid        primary key,
    rule_id        text        not null,
    event_id       text        not null,
    error          jsonb       not null,
    uow            jsonb       not null,
    record         jsonb       not null,
    status         text        not null,
    created_at     timestamptz not null,
    resubmitted_at timestamptz
);
create index fault_rule on fault (rule_id, status, created_at);
create index fault_created on fault (created_at, id);

-- Counted per rule for /api/rules/{id}/stats.
create table rule_stats (
    rule_id       text   primary key,
    received      bigint not null default 0,
    matched       bigint not null default 0,
    emitted       bigint not null default 0,
    written       bigint not null default 0,
    faults        bigint not null default 0,
    last_event_at timestamptz
);

-- Every write to the rules moves the generation on; each replica reloads its rules when it sees a
-- new one before an event, so a rule is in force for every event consumed after its write returned.
create table rule_generation (
    id         boolean primary key default true check (id),
    generation bigint  not null
);
insert into rule_generation values (true, 0);

create function rule_generation_bump() returns trigger
    language plpgsql as
$$
begin
    update rule_generation set generation = generation + 1;
    return null;
end
$$;

create trigger rule_generation_bump_trg
    after insert or update or delete on rule
    for each statement
execute function rule_generation_bump();
