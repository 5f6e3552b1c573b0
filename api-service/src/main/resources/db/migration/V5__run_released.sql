-- A runner that shuts down gives its claim back: the run ends as RELEASED.
alter table run drop constraint run_state_check;
alter table run add constraint run_state_check
    check (state in ('RUNNING', 'FINISHED', 'EXPIRED', 'CANCELLED', 'RELEASED'));
