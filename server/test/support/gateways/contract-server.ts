import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test amounts (minor units) every contract server reacts to, as a sandbox's magic values would. */
export const MAGIC = {
  /** Declined: insufficient funds (CyberSource, MPGS). */
  decline: 5101n,
  /** CyberSource: a partial authorization of half the amount. */
  partial: 5150n,
  /** Processed, then no answer ever: the caller times out. */
  hang: 5104n,
  /** The gateway's own failure: HTTP 500, nothing processed. */
  serverError: 5500n,
} as const;

export interface Exchange {
  req: IncomingMessage;
  body: string;
  res: ServerResponse;
}

export interface ContractServer {
  url: string;
  close(): Promise<void>;
}

export interface ContractServerOptions {
  /** Added before every request is handled, as a gateway across the internet takes (benchmarks; tests leave it 0). */
  delayMs?: number;
}

/** A real HTTP server on 127.0.0.1 and a free port; `handle` answers (or, to time a client out, doesn't). */
export async function startContractServer(
  handle: (exchange: Exchange) => void,
  options: ContractServerOptions = {},
): Promise<ContractServer> {
  const delayMs = options.delayMs ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const exchange = { req, body: Buffer.concat(chunks).toString('utf8'), res };
      if (delayMs > 0) setTimeout(() => handle(exchange), delayMs);
      else handle(exchange);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Minor units from a decimal text with `digits` decimals ("51.01" → 5101n); null if malformed. */
export function minorOf(amount: unknown, digits = 2): bigint | null {
  if (typeof amount !== 'string' && typeof amount !== 'number') return null;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!match || (match[2] ?? '').length > digits) return null;
  return BigInt(match[1]! + (match[2] ?? '').padEnd(digits, '0'));
}

export function parseBody(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
