-- Live-log lines a runner dropped (its buffer filled during an api-service outage): shown with the
-- run so a gap in its log is explained.
alter table run add column events_dropped integer not null default 0;
