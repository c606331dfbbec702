import { describe, expect, it } from 'vitest';
import { decideSandbox, type SandboxHost } from './chromium-sandbox';

const USER_WITH_NAMESPACES: SandboxHost = {
  uid: 1000,
  unprivilegedUsernsClone: '1',
  maxUserNamespaces: '63000',
};

describe('decideSandbox', () => {
  it('sandboxes a non-root server on a kernel with user namespaces', () => {
    expect(decideSandbox('auto', USER_WITH_NAMESPACES)).toEqual({ sandbox: true, warning: null });
    // Kernels without Debian's switch only have the limit.
    expect(decideSandbox('auto', { ...USER_WITH_NAMESPACES, unprivilegedUsernsClone: null })).toEqual({
      sandbox: true,
      warning: null,
    });
  });

  it('runs without the sandbox as root, saying to run the server as a dedicated user', () => {
    const decision = decideSandbox('auto', { ...USER_WITH_NAMESPACES, uid: 0 });
    expect(decision.sandbox).toBe(false);
    expect(decision.warning).toMatch(/runs as root/);
    expect(decision.warning).toMatch(/dedicated user/);
  });

  it('runs without the sandbox when the kernel forbids user namespaces, saying which setting', () => {
    for (const host of [
      { ...USER_WITH_NAMESPACES, unprivilegedUsernsClone: '0' },
      { ...USER_WITH_NAMESPACES, maxUserNamespaces: '0' },
    ]) {
      const decision = decideSandbox('auto', host);
      expect(decision.sandbox).toBe(false);
      expect(decision.warning).toMatch(/unprivileged_userns_clone/);
    }
  });

  it('follows VIGIE_CHROMIUM_SANDBOX=on and off whatever the host', () => {
    expect(decideSandbox('on', { ...USER_WITH_NAMESPACES, uid: 0 })).toEqual({
      sandbox: true,
      warning: null,
    });
    const off = decideSandbox('off', USER_WITH_NAMESPACES);
    expect(off.sandbox).toBe(false);
    expect(off.warning).toMatch(/VIGIE_CHROMIUM_SANDBOX=off/);
  });
});
