import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { siteEnergyHistory } from './history.js';
import { EnergyHistory, HistoryQuery, LoadManagementBody, LoadManagementState } from './schemas.js';
import { loadManagementState, saveLoadManagement } from './service.js';

const tags = ['energy'];

export function loadManagementRoutes(app: TypedApp, { db, loadManager, gridMonitor }: AppDeps): void {
  app.get(
    '/api/v1/sites/:id/load-management',
    {
      config: { access: 'monitoring:read' },
      schema: {
        tags,
        summary: 'A site’s load management: its settings, the limit in force and each running session’s allotted limit',
        params: IdParams,
        response: { 200: LoadManagementState, ...errorResponses },
      },
    },
    async (request) => loadManagementState(db, actorOf(request).scope, request.params.id, gridMonitor),
  );

  app.get(
    '/api/v1/sites/:id/load-management/history',
    {
      config: { access: 'monitoring:read' },
      schema: {
        tags,
        summary:
          'A site’s power over a range (default the last day) from its chargers’ meter readings, and what happened to its limit',
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: EnergyHistory, ...errorResponses },
      },
    },
    async (request) => siteEnergyHistory(db, actorOf(request).scope, request.params.id, request.query),
  );

  app.put(
    '/api/v1/sites/:id/load-management',
    {
      config: { access: 'chargers:command' },
      schema: {
        tags,
        summary: 'Turn a site’s load management on or off and set its limit, strategy and supply (422 LOAD_MANAGEMENT_INVALID)',
        params: IdParams,
        body: LoadManagementBody,
        response: { 200: LoadManagementState, ...errorResponses },
      },
    },
    async (request) => {
      const scope = actorOf(request).scope;
      const { wasEnabled } = await saveLoadManagement(db, auditContext(request), scope, request.params.id, request.body);
      // Turned off: the chargers drop the site's limits now. On: the sessions are allotted now.
      if (wasEnabled && !request.body.enabled) await loadManager?.release(request.params.id);
      if (request.body.enabled) await loadManager?.recompute(request.params.id);
      return loadManagementState(db, scope, request.params.id, gridMonitor);
    },
  );
}
