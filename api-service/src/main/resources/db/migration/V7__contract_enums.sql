-- Priorities and failure reasons are now the work contract's enums, stored by constant name like
-- every other enum column. A reason no enum constant names (written by an older runner) becomes
-- CRASH, and the text it had is kept at the front of the run's failure detail.
update outbox set priority = upper(priority);
alter table outbox add constraint outbox_priority_check
    check (priority in ('LOW', 'NORMAL', 'HIGH', 'URGENT'));

update run set failure_detail = 'Reported reason: ' || failure_reason || E'\n' || coalesce(failure_detail, ''),
               failure_reason = 'CRASH'
 where failure_reason is not null
   and upper(failure_reason) not in ('SETUP', 'AUTH', 'BUDGET', 'TURNS', 'TIMEOUT', 'CANCELLED',
                                     'CRASH', 'GIT', 'PROTECTED', 'TOO_LARGE', 'LEASE_EXPIRED');
update run set failure_reason = upper(failure_reason) where failure_reason is not null;
alter table run add constraint run_failure_reason_check
    check (failure_reason in ('SETUP', 'AUTH', 'BUDGET', 'TURNS', 'TIMEOUT', 'CANCELLED',
                              'CRASH', 'GIT', 'PROTECTED', 'TOO_LARGE', 'LEASE_EXPIRED'));
