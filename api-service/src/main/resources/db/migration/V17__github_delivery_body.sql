-- GitHub signs a delivery's body, not its X-GitHub-Delivery id: a body seen under another id within
-- the replay window is refused. One row per body (its SHA-256), the latest delivery that brought it.
create table github_delivery_body (
    sha256      bytea        primary key,
    delivery_id varchar(100) not null,
    seen_at     timestamptz  not null
);
create index github_delivery_body_seen on github_delivery_body (seen_at);
