import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Log = (message: string) => void;

/** A Debian package the project needs, and how to tell whether what it provides is already there. */
export interface DebianPackageSpec {
  name: string;
  check: () => boolean | Promise<boolean>;
  /** Said when the check still fails after installing: where else to look. */
  hint?: string;
}

const APT_LISTS_DIR = '/var/lib/apt/lists';
// Debian Policy §5.6.1; checked so that a package name can never carry an apt option or a shell word.
const DEBIAN_PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function assertDebianPackageNames(names: readonly string[]): void {
  const invalid = names.filter((name) => !DEBIAN_PACKAGE_NAME.test(name));
  if (invalid.length > 0) throw new Error(`Invalid Debian package name(s): ${invalid.join(', ')}`);
}

export function aptInstallArgs(names: readonly string[]): string[] {
  assertDebianPackageNames(names);
  // Waits for a concurrent apt/dpkg (unattended-upgrades, another setup) instead of failing at once.
  return ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', ...names];
}

/** The command a non-root user has to run themselves, word for word. */
export function sudoInstallCommand(names: readonly string[]): string {
  assertDebianPackageNames(names);
  return `sudo apt-get install -y ${names.join(' ')}`;
}

export function missingPackagesMessage(names: readonly string[]): string {
  return (
    `Missing system package(s): ${names.join(', ')}. Install them with:\n` +
    `  ${sudoInstallCommand(names)}\n` +
    `(run "sudo apt-get update" first if apt cannot find them), then start again.`
  );
}

/** Fresh Debian images ship without package lists: `apt-get install` then finds nothing. */
export function hasPackageLists(entries: readonly string[]): boolean {
  return entries.some((entry) => /_Packages(\.[a-z0-9]+)?$/.test(entry));
}

function aptListsPresent(): boolean {
  try {
    return hasPackageLists(readdirSync(APT_LISTS_DIR));
  } catch {
    return false;
  }
}

function runAptGet(args: readonly string[]): boolean {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function aptUpdate(log: Log): void {
  log('Refreshing apt package lists (apt-get update)…');
  if (!runAptGet(['-o', 'DPkg::Lock::Timeout=300', 'update'])) {
    throw new Error('"apt-get update" failed; see its output above.');
  }
}

function aptInstall(names: readonly string[], log: Log): void {
  let updated = false;
  if (!aptListsPresent()) {
    aptUpdate(log);
    updated = true;
  }
  log(`Installing ${names.join(' ')} with apt-get…`);
  if (runAptGet(aptInstallArgs(names))) return;
  if (updated) throw new Error(`"apt-get install -y ${names.join(' ')}" failed; see its output above.`);
  // Stale lists are the usual cause (a package moved to a newer version since the last update).
  aptUpdate(log);
  if (!runAptGet(aptInstallArgs(names))) {
    throw new Error(`"apt-get install -y ${names.join(' ')}" failed; see its output above.`);
  }
}

async function failing(specs: readonly DebianPackageSpec[]): Promise<DebianPackageSpec[]> {
  const missing: DebianPackageSpec[] = [];
  for (const spec of specs) if (!(await spec.check())) missing.push(spec);
  return missing;
}

/**
 * Installs, as root, the packages whose check fails; anyone else gets an error carrying the exact
 * command to run, since a setup script must never ask for a password.
 */
export async function ensureDebianPackages(specs: readonly DebianPackageSpec[], log: Log): Promise<void> {
  const missing = await failing(specs);
  if (missing.length === 0) return;
  const names = [...new Set(missing.map((spec) => spec.name))];
  if (!isRoot()) throw new Error(missingPackagesMessage(names));
  aptInstall(names, log);
  const stillMissing = await failing(missing);
  if (stillMissing.length > 0) {
    const hints = stillMissing.flatMap((spec) => (spec.hint ? [spec.hint] : []));
    throw new Error(
      `Installed ${stillMissing.map((spec) => spec.name).join(', ')} but the check still fails. ` +
        (hints.length > 0
          ? hints.join(' ')
          : 'The installed files are not where this project looks for them.'),
    );
  }
}

export function findOnPath(command: string, pathValue: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathValue.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function isDebianPackageInstalled(name: string): boolean {
  assertDebianPackageNames([name]);
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'install ok installed';
}

export function postgisPackageName(major: number): string {
  return `postgresql-${major}-postgis-3`;
}

/**
 * PostGIS 3 for one PostgreSQL major. Prefer passing `isAvailable` (a `pg_available_extensions`
 * lookup): it asks the server itself, which is what matters when several majors are installed.
 */
export function POSTGIS(major: number, isAvailable?: () => Promise<boolean>): DebianPackageSpec {
  return {
    name: postgisPackageName(major),
    check: isAvailable ?? (() => existsSync(`/usr/share/postgresql/${major}/extension/postgis.control`)),
    hint:
      `Is the PostgreSQL ${major} server this machine's own Debian installation? One in a container ` +
      'or built elsewhere needs PostGIS installed its own way.',
  };
}

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIGIE_CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

export const CHROMIUM: DebianPackageSpec = {
  name: 'chromium',
  check: () => existsSync(chromiumExecutablePath()),
  hint: 'If VIGIE_CHROMIUM_PATH is set, it must name an existing Chromium executable.',
};

export const FONTS: DebianPackageSpec = {
  name: 'fonts-noto-core',
  check: () =>
    existsSync('/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf') ||
    isDebianPackageInstalled('fonts-noto-core'),
};

export const POPPLER: DebianPackageSpec = {
  name: 'poppler-utils',
  check: () => findOnPath('pdftotext') !== undefined,
};

export const QPDF: DebianPackageSpec = {
  name: 'qpdf',
  check: () => findOnPath('qpdf') !== undefined,
};

/** ffmpeg and ffprobe: the copies of videos and sounds without metadata that communication gets. */
export const FFMPEG: DebianPackageSpec = {
  name: 'ffmpeg',
  check: () => findOnPath('ffmpeg') !== undefined && findOnPath('ffprobe') !== undefined,
};

/** rclone: off-site backup destinations (`name:path` remotes: WebDAV, SFTP, S3-compatible). */
export const RCLONE: DebianPackageSpec = {
  name: 'rclone',
  check: () => findOnPath('rclone') !== undefined,
};
