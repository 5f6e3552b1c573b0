-- The agent CLI's own cost figure, kept beside the one the runner's gateway metered (cost_usd,
-- the figure spend caps use) when the two differ: anything in the sandbox can forge the CLI's.
alter table run add column reported_cost_usd numeric(12, 4);
