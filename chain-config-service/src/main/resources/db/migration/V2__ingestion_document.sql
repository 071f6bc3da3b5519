-- The ingestion settings become one document, keyed by their JSON fields: the service lists them
-- once (IngestionSetting), and a setting added later needs no migration (rows without it read as
-- its default). The gateway reads average_block_time from here too.
ALTER TABLE chains ADD COLUMN ingestion JSONB;

UPDATE chains SET ingestion = jsonb_build_object(
    'average_block_time', average_block_time,
    'confirmation_blocks', confirmation_blocks,
    'historical_max_chunk_size', historical_max_chunk_size,
    'historical_max_retries', historical_max_retries,
    'historical_max_concurrent', historical_max_concurrent,
    'historical_progress_interval', historical_progress_interval,
    'live_max_retries', live_max_retries,
    'live_retry_delay', live_retry_delay,
    'live_reconnect_delay', live_reconnect_delay,
    'live_enable_gap_detection', live_enable_gap_detection,
    'live_max_gap_size', live_max_gap_size,
    'live_block_check_interval', live_block_check_interval,
    'live_gap_fill_chunk_size', live_gap_fill_chunk_size);

ALTER TABLE chains
    ALTER COLUMN ingestion SET NOT NULL,
    ADD CONSTRAINT chains_ingestion_is_object CHECK (jsonb_typeof(ingestion) = 'object'),
    DROP COLUMN average_block_time,
    DROP COLUMN confirmation_blocks,
    DROP COLUMN historical_max_chunk_size,
    DROP COLUMN historical_max_retries,
    DROP COLUMN historical_max_concurrent,
    DROP COLUMN historical_progress_interval,
    DROP COLUMN live_max_retries,
    DROP COLUMN live_retry_delay,
    DROP COLUMN live_reconnect_delay,
    DROP COLUMN live_enable_gap_detection,
    DROP COLUMN live_max_gap_size,
    DROP COLUMN live_block_check_interval,
    DROP COLUMN live_gap_fill_chunk_size;
