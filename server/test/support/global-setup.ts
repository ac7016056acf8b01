import { buildPgliteTemplate } from './pglite-template.js';

/** Once per `vitest run`, before any test file: what every file shares. */
export default async function setup(): Promise<() => Promise<void>> {
  return buildPgliteTemplate();
}
