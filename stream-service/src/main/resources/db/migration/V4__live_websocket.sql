-- Whether chain-config-service relays a WebSocket of the chain (its live_websocket_url is set):
-- the live follower then takes new heads from eth_subscribe instead of waiting for its next poll.
alter table chain add column has_live_websocket boolean not null default false;
