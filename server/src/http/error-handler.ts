import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, translateDbError } from '../errors.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describeValidation(context: string | undefined, issues: ValidationIssue[]) {
  return issues.map((issue) => {
    const extra = issue.params?.additionalProperty;
    const path = `${issue.instancePath ?? ''}${extra ? `/${String(extra)}` : ''}`.replace(/^\//, '').replace(/\//g, '.');
    return { in: context ?? 'body', field: path || null, message: extra ? 'unknown field' : (issue.message ?? 'invalid') };
  });
}

/** One place maps every error to `{error: {code, message, details}}`; nothing internal leaks. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const requestId = request.id;
    const send = (status: number, code: string, message: string, details?: unknown) =>
      reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }), requestId } });

    if (error instanceof AppError) {
      const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (error.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return send(error.status, error.code, error.message, error.details);
    }
    if (error.validation) {
      const details = describeValidation(error.validationContext, error.validation as ValidationIssue[]);
      const first = details[0];
      const message = first
        ? `Invalid ${first.in}${first.field ? ` field "${first.field}"` : ''}: ${first.message}`
        : 'Invalid request';
      return send(400, 'VALIDATION_FAILED', message, details);
    }
    const translated = translateDbError(error);
    if (translated?.code === 'UNAVAILABLE') {
      request.log.warn({ err: error }, 'request failed: the database is unreachable');
      reply.header('retry-after', '5');
    }
    if (translated) return send(translated.status, translated.code, translated.message, translated.details);
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return send(400, 'BAD_REQUEST', 'The request body is not valid JSON');
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type');
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return send(413, 'PAYLOAD_TOO_LARGE', 'The upload is too large');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Framework messages can quote the request (a header, a key of the body): a fixed text instead.
      const reason = STATUS_CODES[error.statusCode];
      return send(error.statusCode, 'BAD_REQUEST', reason ? `The request was refused: ${reason}` : 'The request was refused');
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'INTERNAL', 'Something went wrong on our side; the request id helps us find it');
  });
}
