-- A service's own versioned migration next to the shipped repeatable outbox one.
create table outbox_test_order (
    id   uuid primary key,
    note text not null
);
