import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { Page, PageQuery, Uuid, errorResponses, pageOf } from '../../http/schemas.js';
import { listAudit, verifyAuditChain } from './service.js';

const tags = ['audit'];

const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  entityType: Type.String(),
  entityId: Type.String(),
  action: Type.String(),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() })),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
});

const AuditQuery = Type.Object(
  {
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
    actorId: Type.Optional(Uuid),
    entityType: Type.Optional(Type.String({ maxLength: 60 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

const ChainReport = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBroken: Type.Union([Type.Object({ seq: Type.Integer(), reason: Type.String() }), Type.Null()]),
});

export function auditRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'Audit trail, newest first; filter by actor, entity and time',
        querystring: AuditQuery,
        response: { 200: Page(AuditEntry), ...errorResponses },
      },
    },
    async (request) => {
      const scope = actorOf(request).scope;
      const result = await listAudit(db, { ...request.query, organizationIds: scope.organizationIds }, pageOf(request.query));
      return { ...result, items: result.items.map((e) => ({ ...e, at: e.at.toISOString() })) };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    // Verifying reads every row, so it is for the platform's own auditors only.
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'Recompute the hash chain and report the first broken link',
        response: { 200: ChainReport, ...errorResponses },
      },
    },
    async (request) => {
      const scope = actorOf(request).scope;
      if (scope.kind !== 'platform' || scope.organizationIds !== null) {
        return { ok: true, checked: 0, firstBroken: null };
      }
      return verifyAuditChain(db);
    },
  );
}
