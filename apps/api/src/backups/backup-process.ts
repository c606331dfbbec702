import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../../../../db/project-root';
import { idlePolicy, lowerPriority } from './background-priority';
import type { BackupJob, BackupJobAnswer } from './backup-job';
import type { RunOutcome } from './backup-runs.repository';

/**
 * Niceness of the job's process (0 normal, 19 lowest): the kernel serves the API and PostgreSQL
 * first, the backup takes the CPU they leave (issue 15: the API keeps serving during a backup).
 */
export const BACKUP_JOB_NICENESS = 15;

/**
 * How to start `backup-cli job`: the compiled command beside the compiled API, or, for the API
 * run from its TypeScript sources (the tests), the same command from its sources.
 */
export function backupJobCommand(fromSources = __filename.endsWith('.ts')): string[] {
  const root = projectRoot();
  return fromSources
    ? ['--import', join(root, 'db/source-hooks.mts'), join(root, 'db/backup-cli.ts'), 'job']
    : [join(root, 'dist/db/backup-cli.js'), 'job'];
}

/**
 * Runs a backup or drill in a process of its own at a low priority (backup-job.ts): the API's
 * event loop stays free for requests and the kernel gives them the CPU first. Its log comes back
 * line by line; its failure is thrown with its reason, as the job in this process would throw it.
 */
export function runBackupJobProcess(job: BackupJob, log: (line: string) => void): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, backupJobCommand(), {
      cwd: projectRoot(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // From its first instruction: loading its modules is work too. (Ended already: its exit says why.)
    if (child.pid !== undefined) {
      lowerPriority(child.pid, BACKUP_JOB_NICENESS);
      idlePolicy(child.pid);
    }
    let answer: BackupJobAnswer | undefined;
    let lastLine = '';
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      try {
        answer = JSON.parse(line) as BackupJobAnswer;
      } catch {
        log(line);
      }
    });
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      lastLine = line;
      log(line);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (answer?.ok) resolve(answer.outcome);
      else if (answer) reject(new Error(answer.error));
      else {
        const end = signal === null ? `code ${code}` : `signal ${signal}`;
        reject(new Error(`the backup process stopped (${end})${lastLine ? `: ${lastLine}` : ''}`));
      }
    });
    // Left open while the job runs: its end tells the job that the API is gone.
    child.stdin.on('error', () => undefined);
    child.stdin.write(`${JSON.stringify(job)}\n`);
  });
}
