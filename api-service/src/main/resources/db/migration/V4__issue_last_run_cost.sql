-- The cost of an issue's latest finished run, for the board's cards (the runs hold the history).
alter table issue add column last_run_cost_usd numeric(12, 4);
