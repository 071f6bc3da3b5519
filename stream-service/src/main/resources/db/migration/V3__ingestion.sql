-- Recent canonical blocks per chain, as the live follower verified them: a reorg shows as a
-- parent hash that is not the stored hash of the block before.
create table chain_block (
    chain_id     bigint      not null,
    block_number bigint      not null,
    block_hash   text        not null,
    parent_hash  text        not null,
    block_time   timestamptz not null,
    primary key (chain_id, block_number)
);

-- Who does a piece of work (a subscription's backfill, a chain's live follower) until when: a
-- replica that stops renewing loses it after one lease period.
create table lease (
    name       text primary key,
    owner      text        not null,
    expires_at timestamptz not null
);

-- The widest eth_getLogs range an endpoint confirmed it takes (from its own range error), so a
-- restart or another replica starts there instead of learning it again.
create table endpoint_range (
    chain_id      bigint      not null,
    endpoint      text        not null,
    confirmed_cap int         not null,
    updated_at    timestamptz not null default now(),
    primary key (chain_id, endpoint)
);
