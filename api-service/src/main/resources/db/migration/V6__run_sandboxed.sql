-- Whether the runner ran the agent inside its OS sandbox: false when its operator opted out
-- (AUTOPILOT_AGENT_SANDBOX=off), null for runners older than the flag (unknown).
alter table run add column sandboxed boolean;
-- The queue view names runners that ran unsandboxed lately; opting out is rare, so the partial
-- index stays small however long the run history grows.
create index run_unsandboxed on run (claimed_at) where sandboxed = false;
