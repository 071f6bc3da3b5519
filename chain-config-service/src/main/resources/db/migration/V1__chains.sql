-- The chain registry: one row per chain, kept when deactivated so a later POST reactivates it.
-- The gateway reads chain_id, rpc_urls, average_block_time and is_active; the rest is the
-- ingestion settings stream-service reads from the chain-config-events it is sent.
CREATE TABLE chains (
    chain_id                     BIGINT PRIMARY KEY CHECK (chain_id >= 1),
    name                         TEXT NOT NULL,
    -- Ordered, primary first; never empty.
    rpc_urls                     TEXT[] NOT NULL CHECK (cardinality(rpc_urls) >= 1),
    websocket_url                TEXT,
    -- Seconds between blocks (fractional for fast chains).
    average_block_time           DOUBLE PRECISION NOT NULL,
    confirmation_blocks          INTEGER NOT NULL,
    -- max_blocks_per_request in the older request shape.
    historical_max_chunk_size    INTEGER NOT NULL,
    historical_max_retries       INTEGER NOT NULL,
    historical_max_concurrent    INTEGER NOT NULL,
    historical_progress_interval INTEGER NOT NULL,
    live_max_retries             INTEGER NOT NULL,
    live_retry_delay             INTEGER NOT NULL,
    live_reconnect_delay         INTEGER NOT NULL,
    live_enable_gap_detection    BOOLEAN NOT NULL,
    live_max_gap_size            INTEGER NOT NULL,
    live_block_check_interval    INTEGER NOT NULL,
    live_gap_fill_chunk_size     INTEGER NOT NULL,
    is_active                    BOOLEAN NOT NULL DEFAULT TRUE,
    -- Bumped on every change; events carry it so a consumer can drop an older state.
    version                      BIGINT NOT NULL DEFAULT 1,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);
