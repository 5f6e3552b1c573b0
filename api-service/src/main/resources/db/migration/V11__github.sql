-- GitHub webhooks: deliveries already handled (replays are refused), and what the pull request
-- says about an issue.
create table github_delivery (
    id          varchar(100) primary key,
    event       varchar(60)  not null,
    received_at timestamptz  not null
);
create index github_delivery_received on github_delivery (received_at);

alter table issue add column pr_state varchar(16)
    check (pr_state in ('OPEN', 'MERGED', 'CLOSED'));
alter table issue add column ci_conclusion varchar(32);
alter table issue add column fix_cycles integer not null default 0;
