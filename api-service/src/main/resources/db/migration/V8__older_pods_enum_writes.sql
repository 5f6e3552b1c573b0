-- A rolling deploy runs pods from before V7 next to newer ones, and the older pods still write
-- lower-case priorities and free-text failure reasons, which V7's check constraints refuse. Rather
-- than fail those writes, normalise them the way V7 normalised the existing rows. The constraints
-- stay: anything that is still not a known constant is refused.
create function outbox_priority_by_name() returns trigger language plpgsql as $$
begin
  new.priority := upper(new.priority);
  return new;
end
$$;

create trigger outbox_priority_by_name before insert or update of priority on outbox
  for each row execute function outbox_priority_by_name();

create function run_failure_reason_by_name() returns trigger language plpgsql as $$
begin
  if new.failure_reason is null then
    return new;
  end if;
  if upper(new.failure_reason) in ('SETUP', 'AUTH', 'BUDGET', 'TURNS', 'TIMEOUT', 'CANCELLED',
                                   'CRASH', 'GIT', 'PROTECTED', 'TOO_LARGE', 'LEASE_EXPIRED') then
    new.failure_reason := upper(new.failure_reason);
  else
    new.failure_detail := 'Reported reason: ' || new.failure_reason || E'\n'
                          || coalesce(new.failure_detail, '');
    new.failure_reason := 'CRASH';
  end if;
  return new;
end
$$;

create trigger run_failure_reason_by_name before insert or update of failure_reason on run
  for each row execute function run_failure_reason_by_name();
