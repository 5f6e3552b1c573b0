-- The count an incident issue's body shows; a periodic task rewrites bodies that are behind.
-- Bodies written before this version have no count lines, so they start as up to date.
alter table incident_group add column body_count bigint not null default 0;
update incident_group set body_count = event_count;
