-- Streaming delivery: connections any replica can look up, acknowledged ranges not yet contiguous
-- with a subscription's committed cursor (acked_seq), and the keys resume tokens are signed with.

create table stream_connection (
    connection_id   uuid        primary key,
    subscription_id bigint      not null,
    -- The replica holding the HTTP response (its lease owner name).
    replica         text        not null,
    opened_at       timestamptz not null default now(),
    -- Last sign of the client: a heartbeat, an ack, or bytes it read.
    last_seen_at    timestamptz not null default now(),
    -- Set once the stream ended; acks are still honoured for a grace period after it.
    closed_at       timestamptz,
    close_reason    text
);

create index stream_connection_open_idx on stream_connection (subscription_id) where closed_at is null;
create index stream_connection_closed_idx on stream_connection (closed_at) where closed_at is not null;

-- Acknowledged batches above the committed cursor that do not touch it yet (a later batch acked
-- before an earlier one); merged into acked_seq once the gap is acknowledged.
create table acked_range (
    subscription_id bigint not null,
    first_seq       bigint not null,
    last_seq        bigint not null,
    -- Block and log index of the event at last_seq (the resume token of a cursor ending here).
    last_block      bigint not null,
    last_log_index  int    not null,
    primary key (subscription_id, first_seq)
);

-- Block and log index of the event at acked_seq, for the resume token of the committed cursor.
alter table subscription add column acked_block bigint not null default 0;
alter table subscription add column acked_log_index int not null default 0;

-- Resume token and batch id keys when none are configured: made once, shared by every replica.
create table stream_key (
    key_id     text        primary key,
    secret     bytea       not null,
    created_at timestamptz not null default now()
);
