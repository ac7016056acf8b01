import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * What Fastify and Node answer on their own — before any route or error handler runs — answered in
 * the API's envelope. None of these messages repeats the URL, a header or the body: they are
 * attacker-chosen text, and repeating them invites reflected content and log confusion.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = request.id;
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send({ error: { code: 'URI_TOO_LONG', message: 'A part of the URL is too long', requestId } });
    return;
  }
  if (error.code === 'FST_ERR_ASYNC_CONSTRAINT') {
    request.log.error({ err: error }, 'route constraint failed');
    void reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side', requestId } });
    return;
  }
  // FST_ERR_BAD_URL: a path that does not percent-decode.
  void reply.status(400).send({ error: { code: 'BAD_REQUEST', message: 'The URL is not valid', requestId } });
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request line and headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' },
};

/**
 * Requests Node's HTTP parser refuses (headers or the URL over 16 KB: 431; a malformed request
 * line: 400) never become a request: the answer is written straight to the socket.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (error.code && CLIENT_ERRORS[error.code]) || {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The request is not valid HTTP',
  };
  const body = JSON.stringify({ error: { code: known.code, message: known.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
