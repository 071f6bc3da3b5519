-- The transactional outbox of dev.eventstreamer.common.outbox.
--
-- A repeatable migration: Flyway applies it after the service's own versioned migrations and again
-- whenever this file changes, so every statement must stay idempotent (create ... if not exists,
-- add column if not exists, create or replace). It never takes a version number from the service.

create table if not exists outbox (
    -- Order of publication: rows of one (channel, key) are published in id order.
    id              bigserial primary key,
    event_id        text        not null unique,
    channel         text        not null,
    key             text        not null,
    type            text        not null,
    source          text        not null,
    subject         text,
    data            jsonb       not null,
    correlation_id  text,
    event_time      timestamptz,
    created_at      timestamptz not null default now(),
    -- Delivery state: sent_at is set on the broker's ack; sent rows are deleted after the retention.
    sent_at         timestamptz,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text
);

-- Ids are text (a UUID, or a rule's deterministic <trigger>.<rule>); tables of uuid ids turn into
-- text in place. event_time is the CloudEvent time when the producer gives one.
alter table outbox alter column event_id type text;
alter table outbox add column if not exists event_time timestamptz;

-- The relay's scan: pending rows in id order, and "is this key waiting for a retry".
create index if not exists outbox_pending_idx on outbox (id) where sent_at is null;
create index if not exists outbox_pending_key_idx on outbox (channel, key, id) where sent_at is null;
-- Retention clean-up of sent rows.
create index if not exists outbox_sent_at_idx on outbox (sent_at) where sent_at is not null;

-- Wakes the relays (LISTEN eventstreamer_outbox) when a transaction that appended rows commits;
-- Postgres delivers NOTIFY on commit only and folds identical ones of a transaction into one.
create or replace function outbox_notify() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('eventstreamer_outbox', '');
    return null;
end
$$;

drop trigger if exists outbox_notify_trg on outbox;
create trigger outbox_notify_trg
    after insert on outbox
    for each statement
execute function outbox_notify();
