/** A bench's worker processes (load generators over IPC): started, asked, and stopped the same way by every bench. */
import { type ChildProcess, fork } from 'node:child_process';
import { sleep } from './processes.js';

/** Forks a worker script (TypeScript, run through tsx) with the bench's own output. */
export const forkWorker = (file: string): ChildProcess => fork(file, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });

/** Sends a command to a worker and waits for its report (or its error). */
export function askWorker<R>(child: ChildProcess, command: { type: string }, timeoutMs: number): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.type} timed out`)), timeoutMs);
    child.once('message', (message: { type: string; message?: string }) => {
      clearTimeout(timer);
      if (message.type === 'report') resolve(message as R);
      else reject(new Error(message.message));
    });
    child.send(command);
  });
}

/** Asks a worker to exit; kills it if it has not within 5 s. */
export async function exitWorker(child: ChildProcess): Promise<void> {
  if (child.connected) child.send({ type: 'exit' });
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
