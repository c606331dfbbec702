import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { readPublicKeys } from '../audit/audit-anchors';
import { readIdentityFile } from './backup-crypto';
import type { RunOutcome } from './backup-runs.repository';
import { BackupDestinationError } from './destination';
import { type BackupOutcome, type BackupSettings, runBackup } from './run-backup';
import { type DrillSettings, runDrill } from './run-drill';
import type { RestoreReport } from './run-restore';

/**
 * A backup or restore drill the API hands to a process of its own (backup-process.ts), as sent on
 * that process's standard input: everything it needs, never in its arguments or environment
 * (which other local users may read).
 */
export type BackupJob =
  | { kind: 'backup'; settings: BackupSettings }
  | {
      kind: 'drill';
      /** The identity is read from its file in the job's process: the key never crosses a pipe. */
      settings: Omit<DrillSettings, 'publicKeys' | 'identity'> & {
        identityFile: string;
        publicKeysFile: string;
      };
      /** The destination as the admin page names it. */
      destination: string | null;
    };

/** The one line the job's process writes on its standard output. */
export type BackupJobAnswer = { ok: true; outcome: RunOutcome } | { ok: false; error: string };

/** The job process's exit code when the API that started it went away before it ended. */
export const JOB_ABANDONED_EXIT_CODE = 3;

/** A failure's reason as stored and shown to admins: no password of a URL, not a page long. */
export function failureReason(error: unknown): string {
  const text =
    error instanceof BackupDestinationError
      ? `destination ${error.reason}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return text.replace(/(\w+:\/\/[^:/@\s]*):[^@\s]*@/g, '$1:***@').slice(0, 2000) || 'unknown error';
}

/** What a finished backup records. */
export function backupRunOutcome(outcome: BackupOutcome): RunOutcome {
  return {
    status: 'succeeded',
    backupId: outcome.id,
    destination: outcome.destination,
    sizeBytes: outcome.sizeBytes,
    filesCopied: outcome.filesCopied,
    bytesWritten: outcome.bytesWritten,
    report: { filesSkipped: outcome.filesSkipped, durationMs: outcome.durationMs, pruned: outcome.pruned },
  };
}

/** What a finished drill records: failed, with the failed checks, unless everything checked out. */
export function drillRunOutcome(report: RestoreReport, destination: string | null): RunOutcome {
  const failed = report.checks.filter((check) => !check.ok);
  return {
    status: report.ok ? 'succeeded' : 'failed',
    backupId: report.backupId || null,
    destination,
    report,
    error: report.ok
      ? null
      : failed.map((check) => `${check.name}: ${check.detail}`).join('; ') || 'the restore was not verified',
  };
}

/** Runs a job here and now; what it throws is the run's failure. */
export async function performBackupJob(job: BackupJob, log: (line: string) => void): Promise<RunOutcome> {
  if (job.kind === 'backup') return backupRunOutcome(await runBackup(job.settings, log));
  const { identityFile, publicKeysFile, ...settings } = job.settings;
  const report = await runDrill(
    { ...settings, identity: readIdentityFile(identityFile), publicKeys: readPublicKeys(publicKeysFile) },
    log,
  );
  return drillRunOutcome(report, job.destination);
}

/**
 * The job process's side (`backup-cli job`): reads the job from the first line of `input`, runs
 * it with its log on `errors`, and writes the answer as one line on `output`. The API keeps
 * `input` open while it waits: its end means the API is gone, and the job stops rather than run
 * on unrecorded (the next start marks the run interrupted).
 */
export async function serveBackupJob(
  input: Readable,
  output: Writable,
  errors: Writable,
): Promise<BackupJobAnswer> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let running = false;
  let gone = false;
  const stop = (): never => {
    errors.write('The API that started this job is gone: stopping.\n');
    process.exit(JOB_ABANDONED_EXIT_CODE);
  };
  lines.once('close', () => {
    gone = true;
    if (running) stop();
  });
  const first = await lines[Symbol.asyncIterator]().next();
  if (first.done) throw new Error('no job on standard input');
  const job = parseJob(first.value as string);
  running = true;
  if (gone) stop();
  let answer: BackupJobAnswer;
  try {
    answer = { ok: true, outcome: await performBackupJob(job, (line) => errors.write(`${line}\n`)) };
  } catch (error) {
    answer = { ok: false, error: failureReason(error) };
  }
  running = false;
  lines.close();
  input.destroy();
  output.write(`${JSON.stringify(answer)}\n`);
  return answer;
}

/** The job line; a message that never quotes it (it holds the database's URL and password). */
function parseJob(line: string): BackupJob {
  try {
    return JSON.parse(line) as BackupJob;
  } catch {
    throw new Error('the job on standard input is not JSON');
  }
}
