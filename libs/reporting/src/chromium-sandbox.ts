import { readFileSync } from 'node:fs';

/** `VIGIE_CHROMIUM_SANDBOX`: `auto` sandboxes whenever this host allows it. */
export type ChromiumSandboxSetting = 'auto' | 'on' | 'off';

export const CHROMIUM_SANDBOX_SETTINGS: readonly ChromiumSandboxSetting[] = ['auto', 'on', 'off'];

/** What the sandbox needs from the host: Chromium's namespace sandbox, the only one Debian ships. */
export interface SandboxHost {
  /** The process's user id; Chromium refuses its sandbox to root. */
  uid: number | undefined;
  /** `/proc/sys/kernel/unprivileged_userns_clone` (Debian's switch), when the file exists. */
  unprivilegedUsernsClone: string | null;
  /** `/proc/sys/user/max_user_namespaces`, when the file exists. */
  maxUserNamespaces: string | null;
}

export interface SandboxDecision {
  sandbox: boolean;
  /** Why the browser runs without its sandbox, and what to do about it; null when sandboxed. */
  warning: string | null;
}

function readSetting(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** This process's host, read from `/proc`. */
export function probeSandboxHost(): SandboxHost {
  return {
    uid: process.getuid?.(),
    unprivilegedUsernsClone: readSetting('/proc/sys/kernel/unprivileged_userns_clone'),
    maxUserNamespaces: readSetting('/proc/sys/user/max_user_namespaces'),
  };
}

/**
 * Whether the report browser runs in Chromium's sandbox. The page it prints holds our own HTML
 * with user text escaped and may fetch nothing, so the sandbox is the second wall: if a flaw in
 * Chromium were reached anyway, the renderer process could not open files or sockets as the server.
 * `auto` sandboxes when the server is not root and the kernel lets it create user namespaces;
 * otherwise it runs without and says why (once). `on` always sandboxes (the launch fails, saying
 * so, where the host forbids it); `off` never does.
 */
export function decideSandbox(setting: ChromiumSandboxSetting, host: SandboxHost): SandboxDecision {
  if (setting === 'on') return { sandbox: true, warning: null };
  if (setting === 'off') {
    return {
      sandbox: false,
      warning:
        'The report browser (Chromium) runs without its sandbox because VIGIE_CHROMIUM_SANDBOX=off. ' +
        'Remove that setting and run the server as a dedicated non-root user to sandbox it.',
    };
  }
  if (host.uid === 0) {
    return {
      sandbox: false,
      warning:
        'The report browser (Chromium) runs without its sandbox because the server runs as root, ' +
        'and Chromium refuses its sandbox to root. Run the server as a dedicated user ' +
        '(not root): see docs/operations.md.',
    };
  }
  const namespacesOff =
    host.unprivilegedUsernsClone === '0' ||
    (host.maxUserNamespaces !== null && host.maxUserNamespaces === '0');
  if (namespacesOff) {
    return {
      sandbox: false,
      warning:
        'The report browser (Chromium) runs without its sandbox because this kernel does not let ' +
        'users create namespaces (/proc/sys/kernel/unprivileged_userns_clone or ' +
        '/proc/sys/user/max_user_namespaces is 0). Enable them (sysctl kernel.unprivileged_userns_clone=1, ' +
        'user.max_user_namespaces=10000) to sandbox it.',
    };
  }
  return { sandbox: true, warning: null };
}
