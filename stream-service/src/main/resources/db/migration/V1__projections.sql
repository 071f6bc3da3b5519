-- The chains stream-service ingests from, as chain-config-events tell them (newest version wins).
create table chain (
    chain_id            bigint primary key,
    name                text,
    is_active           boolean     not null,
    -- Blocks at or below head - confirmation_blocks are safe to deliver.
    confirmation_blocks int         not null,
    -- How often the live follower looks for a new head.
    block_time_ms       bigint      not null,
    -- The widest eth_getLogs range to start from (historical_max_chunk_size).
    max_block_range     int         not null,
    -- eth_getLogs calls of one backfill in flight at once (historical_max_concurrent).
    max_concurrent      int         not null,
    version             bigint      not null,
    updated_at          timestamptz not null default now()
);

-- The subscriptions stream-service ingests for (from subscription-events), and how far each got.
create table subscription (
    id                bigint primary key,
    chain_id          bigint      not null,
    -- 0x + 64 lowercase hex.
    topic0            text        not null,
    -- The event ABI, JSON text as subscription-service sent it.
    event_signature   text        not null,
    -- Lowercase 0x addresses; empty = any contract.
    addresses         text[]      not null,
    start_block       bigint      not null,
    end_block         bigint,
    subscriber_id     text        not null,
    -- subscription-service's updated_at of the version stored here: an older one never replaces it.
    source_updated_at timestamptz not null,
    deleted           boolean     not null default false,
    -- backfilling, live, completed, stopped (deleted).
    status            text        not null,
    -- The first block whose logs are not in the log yet: every block before it is, exactly once.
    next_block        bigint      not null,
    -- The seq of the newest event in the log (0: none yet).
    last_seq          bigint      not null default 0,
    -- How many reorgs removed events of this subscription; part of each event's id.
    reorg_epoch       int         not null default 0,
    -- Events published on chain-events up to this seq.
    published_seq     bigint      not null default 0,
    -- Events acknowledged by the subscriber up to this seq (delivery advances it); retention
    -- deletes only at or below it.
    acked_seq         bigint      not null default 0,
    -- When undecodable logs were last counted, and how many (a log that does not fit the ABI).
    skipped_logs      bigint      not null default 0,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);

create index subscription_chain_status_idx on subscription (chain_id, status) where not deleted;

-- CloudEvents the consumers have applied ("<source> <id>"), so a redelivery changes nothing.
create table processed_event (
    event_id     text primary key,
    processed_at timestamptz not null default now()
);
