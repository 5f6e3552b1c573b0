-- Write the full-text index directly instead of through GIN's pending list. With the pending
-- list, whichever insert overflows it pays for merging it into the index (tens of milliseconds), so
-- under a feedback burst every few hundred submissions one transaction stalls: the p99 latency.
alter index issue_search set (fastupdate = off);
