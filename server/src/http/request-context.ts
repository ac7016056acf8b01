import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../modules/audit/service.js';

export function auditContext(request: FastifyRequest): AuditContext {
  return { actorId: request.actor?.id ?? null, actorEmail: request.actor?.email ?? null, requestId: request.id };
}
