import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../../src/db/client.js';

/**
 * A fresh embedded database costs an initdb and every migration — seconds per test file. The run
 * builds one migrated database before the first file (vitest globalSetup) and each file starts from
 * a copy of its data directory: the same schema the migrations give, without paying for them again.
 */
const TEMPLATE_ENV = 'CHARGEBOARD_TEST_PGLITE_TEMPLATE';

/** globalSetup: builds the template (embedded runs only) and returns its teardown. */
export async function buildPgliteTemplate(): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) return async () => undefined;
  const database = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
  await database.migrate();
  const file = path.join(tmpdir(), `chargeboard-pglite-template-${process.pid}.tar`);
  const archive = await database.archive!();
  await writeFile(file, Buffer.from(await archive.arrayBuffer()));
  await database.close();
  process.env[TEMPLATE_ENV] = file;
  return async () => rm(file, { force: true });
}

let template: Promise<Blob | undefined> | undefined;

/** The migrated template's archive, read once per test worker; undefined outside a templated run. */
export function pgliteTemplate(): Promise<Blob | undefined> {
  const file = process.env[TEMPLATE_ENV];
  if (!file) return Promise.resolve(undefined);
  template ??= readFile(file).then((bytes) => new Blob([bytes]));
  return template;
}

/** A fresh embedded database, migrated: from the template when there is one. */
export async function openTestPglite(): Promise<Database> {
  const fromArchive = await pgliteTemplate();
  return openDatabase({ databaseUrl: null, dataDir: '', memory: true, fromArchive });
}
