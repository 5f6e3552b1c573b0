-- Feedback rate limits shared by every api-service replica (Bucket4j's PostgreSQL backend): one
-- token bucket per client address (IPv6 per /64), removed once it would be full again.
create table rate_bucket (
    id         bigint primary key,
    state      bytea,
    expires_at bigint
);
create index rate_bucket_expires on rate_bucket (expires_at);
