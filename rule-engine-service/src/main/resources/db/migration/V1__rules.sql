-- Rules as data (API.md, Rules): the rule as the client sent it (normalized), in force from the
-- version that answers its POST or PUT.
create table rule (
    id          text primary key,
    flavor      text        not null,
    enabled     boolean     not null,
    version     integer     not null,
    definition  jsonb       not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create index rule_flavor on rule (flavor, id);
