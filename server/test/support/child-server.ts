import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { eventually } from './ocpp.js';

const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * `chargeboard serve` as its own process, ready when /readyz answers: one process (node with
 * tsx's loader, not the tsx wrapper that forks another), so SIGKILL hits the server itself.
 */
export async function serve(
  env: Record<string, string>,
  port: number,
  cleanups: (() => Promise<unknown> | unknown)[],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200, 60_000, 200);
  return child;
}
