import { describe, expect, it } from 'vitest';
import { PERMISSIONS as SERVER_PERMISSIONS } from '../../../server/src/domain/permissions';
import { STATUS_BY_CODE } from '../../../server/src/errors';
import { ERROR_STATUS, PERMISSIONS } from './server-tables.generated';
import { ROUTES } from '../routes/route-table';

describe("the web app's copy of the server's tables", () => {
  it('lists exactly the permissions the server checks, in its order', () => {
    expect([...PERMISSIONS]).toEqual([...SERVER_PERMISSIONS]);
  });

  it('knows every error code the server answers with, and its HTTP status', () => {
    expect(ERROR_STATUS).toEqual(STATUS_BY_CODE);
  });

  it('guards every page of the route table by a permission the server knows, and every path once', () => {
    const routes = Object.values(ROUTES);
    for (const route of routes) if (route.permission !== null) expect(SERVER_PERMISSIONS).toContain(route.permission);
    expect(new Set(routes.map((r) => r.path)).size).toBe(routes.length);
  });
});
