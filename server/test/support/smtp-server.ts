import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// ---------------------------------------------------------------------------------------------
// A real SMTP server on 127.0.0.1 that keeps what it receives, and answers chosen recipients
// with chosen SMTP codes.

export interface Received {
  rcptTo: string[];
  raw: string;
  headers: Record<string, string>;
  text: string;
  html: string;
  /** When the message was taken (epoch ms): benchmarks count delivery throughput by it. */
  at: number;
}

/** Minimal MIME reading: headers (unfolded), and the text/plain and text/html parts, decoded. */
export function parseMail(raw: string): Pick<Received, 'headers' | 'text' | 'html'> {
  const split = (part: string) => {
    const at = part.indexOf('\r\n\r\n');
    const head = at < 0 ? part : part.slice(0, at);
    const body = at < 0 ? '' : part.slice(at + 4);
    const headers: Record<string, string> = {};
    for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { headers, body };
  };
  const decode = (headers: Record<string, string>, body: string) => {
    const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
    if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') {
      const bytes = body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  };
  const top = split(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(top.headers['content-type'] ?? '')?.[1];
  const parts = boundary
    ? top.body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => split(p.replace(/^\r\n/, '')))
    : [top];
  const find = (type: string) => {
    const part = parts.find((p) => (p.headers['content-type'] ?? '').toLowerCase().startsWith(type));
    return part ? decode(part.headers, part.body).replace(/\r\n/g, '\n') : '';
  };
  return { headers: top.headers, text: find('text/plain'), html: find('text/html') };
}

export interface Mailbox {
  url: string;
  received: Received[];
  /** Recipients whose RCPT TO was left unanswered (code 0). */
  hung: string[];
  to(address: string): Received[];
  /**
   * The next RCPT TO answers for `address` (one per attempt), then it is accepted. Code 0 never
   * answers (a server that hangs: the sender is left waiting, e.g. to be killed meanwhile).
   */
  answer(address: string, codes: number[]): void;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const hung: string[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    // No reverse DNS of 127.0.0.1 (slow where no resolver answers).
    disableReverseLookup: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onRcptTo(address, _session, callback) {
      const code = answers.get(address.address.toLowerCase())?.shift();
      if (code === undefined) return callback();
      if (code === 0) {
        hung.push(address.address);
        return;
      }
      const error = Object.assign(new Error(code >= 500 ? 'No such mailbox here' : 'Try again later'), {
        responseCode: code,
      });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw, ...parseMail(raw), at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    hung,
    to: (address) => received.filter((m) => m.rcptTo.map((a) => a.toLowerCase()).includes(address.toLowerCase())),
    answer: (address, codes) => answers.set(address.toLowerCase(), [...codes]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
