-- The durable per-subscription event log: seq is gapless per subscription, in the order of
-- (block_number, log_index), with removal events after a reorg. Partitioned by subscription so
-- every index stays a per-subscription range and vacuum works on small tables; append and
-- read-after-cursor are one index range each, whatever the table's size.
create table event_log (
    subscription_id  bigint      not null,
    seq              bigint      not null,
    block_number     bigint      not null,
    log_index        int         not null,
    -- 0x + 64 lowercase hex.
    block_hash       text        not null,
    transaction_hash text        not null,
    -- true: this event says the log with the same position and block hash was orphaned by a reorg.
    removed          boolean     not null default false,
    -- Set on a log once a reorg orphaned it (its removal event follows it in the log).
    orphaned         boolean     not null default false,
    event_name       text        not null,
    -- The CloudEvent id of the chain-events message, and the event's event_id.
    event_id         uuid        not null,
    block_time       timestamptz,
    -- The event object as clients receive it (API.md): decoded parameters and position fields.
    payload          json        not null,
    -- The log as the node gave it: its topics, comma-separated, and its data (0x hex).
    topics           text        not null,
    data             text        not null,
    appended_at      timestamptz not null default now(),
    primary key (subscription_id, seq)
) partition by hash (subscription_id);

do $$
begin
    for i in 0..15 loop
        execute format(
            'create table event_log_p%s partition of event_log for values with (modulus 16, remainder %s)',
            lpad(i::text, 2, '0'), i);
    end loop;
end $$;

-- A log is in a subscription's log at most once while it stands (not removed, not orphaned).
create unique index event_log_live_idx on event_log (subscription_id, block_number, log_index, block_hash)
    where not removed and not orphaned;
