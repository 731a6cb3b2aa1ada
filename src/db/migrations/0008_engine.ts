// 0008: a version number of the bank settings, bumped by the database on every change, so each server process can keep the settings cached and notice a change with the session read it does anyway.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bank_settings_version (
      singleton boolean primary key default true check (singleton),
      version bigint not null
    );
    insert into bank_settings_version (singleton, version) values (true, 1);

    -- A trigger rather than application code: every writer (CLI, server, psql) bumps it.
    create function bank_settings_bump_version() returns trigger language plpgsql as $$
    begin
      update bank_settings_version set version = version + 1;
      return null;
    end $$;
    create trigger bank_settings_changed after insert or update or delete or truncate
      on bank_settings for each statement execute function bank_settings_bump_version();
  `.execute(db);
}
