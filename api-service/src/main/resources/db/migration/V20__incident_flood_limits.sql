-- Incident floods. A project opens at most autopilot.incidents.new-groups-per-hour groups an hour;
-- new kinds past that are counted on one flood group per project and hour, with one issue.
alter table incident_group add column flood boolean not null default false;
-- How many distinct kinds the flood group took (its issue body shows it).
alter table incident_group add column flood_kinds integer not null default 0;
-- The cap counts a project's groups first seen in the current hour.
create index incident_group_first_seen on incident_group (project_id, first_seen);
-- The kinds a flood group took, so a kind sent again is not counted twice.
create table incident_flood_kind (
    group_id    bigint   not null references incident_group (id) on delete cascade,
    fingerprint char(64) not null,
    primary key (group_id, fingerprint)
);

-- Payload bytes a project keeps; past autopilot.incidents.max-stored-bytes events are counted but
-- their payload is not stored. Kept by each replica in memory and added here every few seconds.
alter table incident_project add column stored_bytes bigint not null default 0;
update incident_project p set stored_bytes =
    (select coalesce(sum(octet_length(e.payload)), 0) from incident_event e where e.project_id = p.id);

-- Notifications of new incidents are coalesced per project and window: the first is sent at once,
-- the rest of the window as one more notification at its end.
alter table notification add column coalesce_key varchar(100);
alter table notification add column coalesced integer not null default 1;
create unique index notification_coalesce on notification (endpoint, coalesce_key)
    where coalesce_key is not null;
