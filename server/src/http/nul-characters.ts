import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

export const NUL_MESSAGE = 'Text must not contain the NUL character (U+0000).';

/**
 * PostgreSQL cannot store U+0000 in text (22021) nor in jsonb (22P05), so a NUL reaching a query
 * fails it mid-request. Percent-decoding is one pass, so a NUL in the decoded path or query is
 * exactly a "%00" in the raw URL (a literal NUL never gets past Node's HTTP parser).
 */
export function urlHasNul(rawUrl: string): boolean {
  return /%00/i.test(rawUrl);
}

/** The first place a NUL occurs in a parsed body, in its string values or its keys: "name", "taxes.0.name". */
export function nulPathIn(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = nulPathIn(child, childPath);
    if (found) return found;
  }
  return null;
}

const refused = (where: string, field: string | null) =>
  new AppError('VALIDATION_FAILED', NUL_MESSAGE, [{ in: where, field, message: 'contains the NUL character' }]);

/** One rule for every route: a NUL in the path, the query or the body is a 400, before any handler runs. */
export function installNulCharacterRule(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!urlHasNul(request.url)) return;
    const path = request.url.split('?')[0] ?? '';
    throw refused(urlHasNul(path) ? 'path' : 'querystring', null);
  });
  app.addHook('preValidation', async (request) => {
    const field = nulPathIn(request.body);
    if (field !== null) throw refused('body', field === '(body)' ? null : field);
  });
}
