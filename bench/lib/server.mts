import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { API_NODE_FLAGS, API_PROCESS_ENV } from '../../db/api-process.mts';

export interface RunningApi {
  baseUrl: string;
  pid: number;
  /** Output of the server so far (warnings and errors only with LOG_LEVEL=warn). */
  output(): string;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

/** Starts the compiled API and resolves once `/api/health` answers 200. */
export async function startApi(options: {
  entry: string;
  cwd: string;
  databaseUrl: string;
  timeoutMs?: number;
  /** Extra environment for the child (e.g. the auth-audit baseline's fixed actor). */
  env?: Record<string, string>;
  /** Node flags of the server; those of production (`API_NODE_FLAGS`) unless given. */
  nodeFlags?: readonly string[];
}): Promise<RunningApi> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(options.nodeFlags ?? API_NODE_FLAGS), options.entry], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...API_PROCESS_ENV,
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      VIGIE_DEMO_DATA: 'false',
      ...options.env,
    },
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
  });

  const api: RunningApi = {
    baseUrl,
    pid: child.pid as number,
    output: () => output,
    stop: () => stopChild(child),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited !== null) throw new Error(`The API stopped while starting (${exited}):\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      await response.arrayBuffer();
      if (response.ok) return api;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await api.stop();
      throw new Error(`The API did not answer /api/health within the time limit:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A process's resident memory now (VmRSS) and its peak (VmHWM), in kB from /proc; null once it has exited. */
export function processStatusKb(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** One field of `processStatusKb` (NaN once the process has exited). */
export function processKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = processStatusKb(pid);
  if (!status) return Number.NaN;
  return field === 'VmRSS' ? status.rssKb : status.hwmKb;
}

/** Resident and peak resident memory of a process, in MB, from /proc (Linux). */
export function processMemoryMb(pid: number): { rssMb: number; peakRssMb: number } | null {
  const status = processStatusKb(pid);
  if (!status) return null;
  return { rssMb: Math.round(status.rssKb / 102.4) / 10, peakRssMb: Math.round(status.hwmKb / 102.4) / 10 };
}

/** Idle and total CPU time of the machine so far (jiffies, all cores), from /proc/stat. */
function cpuTimes(): { idle: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal …: idle and iowait are time no one wanted.
  return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((sum, value) => sum + value, 0) };
}

/**
 * Waits until the machine's cores are mostly idle for one second (at least `idleShare` of their
 * time), at most `maxMs`: a server just started warms up (its renderer's Chromium, its queue), and
 * requests measured meanwhile measure that. Resolves with the wait and the idle share last seen.
 */
export async function waitForIdleMachine(
  maxMs = 20_000,
  idleShare = 0.85,
): Promise<{ waitedMs: number; idleShare: number }> {
  const started = Date.now();
  for (;;) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = cpuTimes();
    const share = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    if (share >= idleShare || Date.now() - started >= maxMs) {
      return { waitedMs: Date.now() - started, idleShare: Math.round(share * 100) / 100 };
    }
  }
}
