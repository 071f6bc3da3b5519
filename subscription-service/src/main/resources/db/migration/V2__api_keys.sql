-- API keys: each belongs to one subscriber; only a hash of the key is kept.
create table api_key (
    id            bigserial primary key,
    -- SHA-256 of the whole key, hex; keys are 256 random bits, so a fast hash is enough.
    key_hash      text        not null unique,
    -- The first characters of the key, to tell keys apart in listings.
    prefix        text        not null,
    subscriber_id text        not null,
    name          text,
    created_at    timestamptz not null,
    revoked_at    timestamptz
);

create index api_key_subscriber_idx on api_key (subscriber_id, id);
