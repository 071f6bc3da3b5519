-- Subscriptions: what a subscriber asked for, plus the delivery progress stream-service reports.
create table subscription (
    id                   bigserial primary key,
    topic0               text        not null,
    -- The event ABI as the client sent it (validated), JSON text.
    event_signature      text        not null,
    -- JSON array of lowercase 0x addresses; empty = any contract.
    addresses            text        not null,
    start_block          bigint      not null,
    end_block            bigint,
    chain_id             bigint      not null,
    subscriber_id        text        not null,
    last_processed_block bigint,
    is_streaming         boolean     not null default false,
    streaming_status     text        not null default 'idle',
    resume_token         text,
    last_event_id        text,
    events_delivered     bigint      not null default 0,
    -- Time of the newest progress event applied; older ones never move progress backwards.
    progress_at          timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);

-- GET /subscriptions?subscriber_id=...: filtered and ordered by id.
create index subscription_subscriber_idx on subscription (subscriber_id, id);

-- The chains this service knows from chain-config-events, newest version wins.
create table chain (
    chain_id   bigint primary key,
    is_active  boolean     not null,
    version    bigint      not null,
    updated_at timestamptz not null default now()
);

-- CloudEvents already applied by the consumers (chain-config-events, progress-events).
create table processed_event (
    -- "<source> <id>": together they identify a CloudEvent.
    event_id     text primary key,
    processed_at timestamptz not null default now()
);
