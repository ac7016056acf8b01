/** Samples a process's RSS and CPU time from /proc/<pid>/status and /proc/<pid>/stat (Linux). */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux x86 and arm64). */
const TICKS_PER_SECOND = 100;

export interface ProcSample {
  at: number;
  rssMb: number;
  cpuSeconds: number;
}

export function readProc(pid: number): ProcSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    // Fields after the command name (which may contain spaces): utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { at: performance.now(), rssMb: rssKb / 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export interface PhaseUsage {
  maxRssMb: number;
  endRssMb: number;
  /** CPU time over wall time, 100 = one core busy. */
  cpuPercent: number;
}

/** Samples every second in the background; `phase()` gives the usage since the last call. */
export class ProcSampler {
  private timer: NodeJS.Timeout;
  private phaseStart: ProcSample | null;
  private maxRss = 0;

  constructor(private readonly pid: number) {
    this.phaseStart = readProc(pid);
    this.timer = setInterval(() => this.tick(), 1000);
  }

  private tick(): ProcSample | null {
    const s = readProc(this.pid);
    if (s) this.maxRss = Math.max(this.maxRss, s.rssMb);
    return s;
  }

  phase(): PhaseUsage {
    const end = this.tick();
    const start = this.phaseStart;
    const usage: PhaseUsage = {
      maxRssMb: Math.round(this.maxRss),
      endRssMb: Math.round(end?.rssMb ?? 0),
      cpuPercent:
        start && end && end.at > start.at
          ? Math.round(((end.cpuSeconds - start.cpuSeconds) / ((end.at - start.at) / 1000)) * 1000) / 10
          : 0,
    };
    this.phaseStart = end;
    this.maxRss = end?.rssMb ?? 0;
    return usage;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
