-- Transient failures (model API overloaded or rate-limiting, network drops) send the issue back to
-- ready by itself, with a backoff (not_before, on the issue and its outbox row) and a count.
alter table issue add column transient_retries integer not null default 0;
alter table issue add column not_before timestamptz;
alter table outbox add column not_before timestamptz;

alter table run drop constraint run_failure_reason_check;
alter table run add constraint run_failure_reason_check
    check (failure_reason in ('SETUP', 'AUTH', 'BUDGET', 'TURNS', 'TIMEOUT', 'CANCELLED',
                              'CRASH', 'GIT', 'PROTECTED', 'TOO_LARGE', 'LEASE_EXPIRED',
                              'TRANSIENT'));

create or replace function run_failure_reason_by_name() returns trigger language plpgsql as $$
begin
  if new.failure_reason is null then
    return new;
  end if;
  if upper(new.failure_reason) in ('SETUP', 'AUTH', 'BUDGET', 'TURNS', 'TIMEOUT', 'CANCELLED',
                                   'CRASH', 'GIT', 'PROTECTED', 'TOO_LARGE', 'LEASE_EXPIRED',
                                   'TRANSIENT') then
    new.failure_reason := upper(new.failure_reason);
  else
    new.failure_detail := 'Reported reason: ' || new.failure_reason || E'\n'
                          || coalesce(new.failure_detail, '');
    new.failure_reason := 'CRASH';
  end if;
  return new;
end
$$;
