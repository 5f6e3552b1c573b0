-- Outbound notifications: an outbox of webhook deliveries, one row per event and endpoint.
create table notification (
    id              varchar(64)  primary key,
    endpoint        varchar(100) not null,
    event_type      varchar(40)  not null,
    issue_id        bigint,
    payload         text         not null,
    created_at      timestamptz  not null default now(),
    next_attempt_at timestamptz  not null default now(),
    attempts        integer      not null default 0,
    last_status     integer,
    last_error      varchar(500),
    delivered_at    timestamptz,
    failed_at       timestamptz
);
create index notification_due on notification (next_attempt_at)
    where delivered_at is null and failed_at is null;
create index notification_created on notification (created_at);
