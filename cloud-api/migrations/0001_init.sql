-- 0001: the smallest useful schema. Facts about this deployment itself (not about any
-- tenant), e.g. when the schema was created. Tenancy and row-level security arrive in
-- later migrations.
create table service_meta (
  key        text primary key,
  value      text not null,
  updated_at timestamptz not null default now()
);

insert into service_meta (key, value) values ('schema_created_at', now()::text);
