-- Spend caps. An issue's spend is the sum of its runs' costs (the live estimate while a run is
-- going, the CLI's figure once it reports), read through run_issue. spend_cap_usd overrides the
-- configured per-issue cap (a reviewer who answers a budget block grants one more cap's worth).
-- spend_day totals all runs per UTC day, so the daily cap reads one row instead of summing runs.
alter table issue add column spend_cap_usd numeric(12, 4);
alter table issue add column blocked_reason text;

create table spend_day (
    day date primary key,
    usd numeric(14, 4) not null default 0
);

insert into spend_day (day, usd)
select (claimed_at at time zone 'UTC')::date, sum(cost_usd)
  from run where cost_usd is not null
 group by 1;
