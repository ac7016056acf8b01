import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL cluster of a test's own (initdb + pg_ctl of the installed PostgreSQL), so the test
 * may restart, stop or freeze it without touching the shared server. PostgreSQL refuses to run as
 * root, so it runs as the `postgres` user. `unavailableReason` says why it cannot be used here.
 */
export interface ThrowawayPostgres {
  url: string;
  port: number;
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT to the postmaster and every backend: a database that hangs without closing anything. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((v) => path.join(root, v, 'bin')).find((dir) => existsSync(path.join(dir, 'pg_ctl')));
  return found ?? null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asPostgres = (command: string, args: string[]) =>
  process.getuid?.() === 0 ? { file: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { file: command, args };

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres | { unavailableReason: string }> {
  const bin = binDir();
  if (!bin) return { unavailableReason: 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin' };
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const { file, args: full } = asPostgres(path.join(bin, tool), args);
    execFileSync(file, full, { stdio: 'pipe', timeout: 60_000 });
  };
  // fsync off: the restarts below kill processes, not the machine, so committed data is in the OS cache anyway.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const ctlArgs = (args: string[]) => ['-D', data, '-l', logFile, '-w', '-t', '60', ...args];
  const ctl = (...args: string[]) => run('pg_ctl', ctlArgs(args));
  // Asynchronous, so the test's chargers keep sending while PostgreSQL restarts.
  const ctlAsync = async (...args: string[]) => {
    const { file, args: full } = asPostgres(path.join(bin, 'pg_ctl'), ctlArgs(args));
    await promisify(execFile)(file, full, { timeout: 60_000 });
  };
  try {
    if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), -1);
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8', '--no-locale']);
    ctl('-o', options, 'start');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { unavailableReason: `cannot run initdb/pg_ctl as the postgres user: ${message}` };
  }
  const postmasterPid = () => Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const signalAll = (signal: 'STOP' | 'CONT') => {
    const pid = postmasterPid();
    const children = execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    execFileSync('kill', [`-${signal}`, String(pid), ...children]);
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: (mode) => ctlAsync('-m', mode, '-o', options, 'restart'),
    stop: () => ctlAsync('-m', 'fast', 'stop'),
    start: () => ctlAsync('-o', options, 'start'),
    freeze: () => signalAll('STOP'),
    thaw: () => signalAll('CONT'),
    destroy() {
      try {
        signalAll('CONT');
      } catch {
        // not running
      }
      try {
        ctl('-m', 'immediate', 'stop');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The CLI as operators run it (`chargeboard serve`), its output collected. Node itself with tsx's
 * loader, not the `tsx` wrapper: the child is the server, so a SIGKILL reaches it instead of leaving
 * it running orphaned after the test.
 */
export function spawnServe(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number> } {
  const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    env: { ...process.env, JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return { child, output: () => out, exited };
}
