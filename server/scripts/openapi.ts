// Writes the OpenAPI document to docs/openapi.json; with --check, fails when the committed one has drifted from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { buildApp } from '../src/http/app.js';

const target = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));
const config = loadConfig(
  { JWT_SECRET: 'openapi-generation-only-0123456789abcdef', LOG_LEVEL: 'silent' },
  { memoryDatabase: true },
);
const database = await openDatabase({ databaseUrl: null, dataDir: config.dataDir, memory: true });
const app = await buildApp({ config, db: database.db, ping: database.ping, logger: false });
await app.ready();
const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
await database.close();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as drift
  }
  if (committed !== document) {
    console.error('docs/openapi.json is out of date: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('docs/openapi.json matches the code.');
} else {
  writeFileSync(target, document);
  console.log(`Wrote ${target}`);
}
