import { describe, expect, it } from 'vitest';

import {
  aptInstallArgs,
  chromiumExecutablePath,
  hasPackageLists,
  missingPackagesMessage,
  POSTGIS,
  postgisPackageName,
  sudoInstallCommand,
} from './packages.mts';

describe('aptInstallArgs', () => {
  it('installs every package non-interactively in one apt-get call', () => {
    expect(aptInstallArgs(['chromium', 'qpdf'])).toEqual([
      '-o',
      'DPkg::Lock::Timeout=300',
      'install',
      '-y',
      'chromium',
      'qpdf',
    ]);
  });

  it('refuses a name that apt would read as an option', () => {
    expect(() => aptInstallArgs(['--allow-unauthenticated'])).toThrow(/Invalid Debian package name/);
  });

  it('refuses a name carrying shell words', () => {
    expect(() => aptInstallArgs(['qpdf; rm -rf /'])).toThrow(/Invalid Debian package name/);
  });
});

describe('sudoInstallCommand', () => {
  it('gives the exact command a non-root user has to run', () => {
    expect(sudoInstallCommand(['postgresql-15-postgis-3', 'fonts-noto-core'])).toBe(
      'sudo apt-get install -y postgresql-15-postgis-3 fonts-noto-core',
    );
  });
});

describe('missingPackagesMessage', () => {
  it('names the missing packages and the command that installs them', () => {
    const message = missingPackagesMessage(['poppler-utils']);
    expect(message).toContain('poppler-utils');
    expect(message).toContain('sudo apt-get install -y poppler-utils');
  });
});

describe('hasPackageLists', () => {
  it('is false on a fresh image whose lists directory holds only the lock and partial/', () => {
    expect(hasPackageLists(['lock', 'partial', 'auxfiles'])).toBe(false);
  });

  it('is true when a compressed Packages list has been fetched', () => {
    expect(
      hasPackageLists(['lock', 'deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4']),
    ).toBe(true);
  });

  it('is true when an uncompressed Packages list has been fetched', () => {
    expect(hasPackageLists(['deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages'])).toBe(true);
  });

  it('does not mistake a release file for a package list', () => {
    expect(hasPackageLists(['deb.debian.org_debian_dists_bookworm_InRelease'])).toBe(false);
  });
});

describe('POSTGIS', () => {
  it('names the Debian package of PostGIS 3 for the given PostgreSQL major', () => {
    expect(postgisPackageName(16)).toBe('postgresql-16-postgis-3');
    expect(POSTGIS(15).name).toBe('postgresql-15-postgis-3');
  });

  it('asks the given availability checker rather than the file system', async () => {
    await expect(POSTGIS(15, () => Promise.resolve(false)).check()).resolves.toBe(false);
    await expect(POSTGIS(99, () => Promise.resolve(true)).check()).resolves.toBe(true);
  });
});

describe('chromiumExecutablePath', () => {
  it('defaults to Debian’s Chromium', () => {
    expect(chromiumExecutablePath({})).toBe('/usr/bin/chromium');
  });

  it('follows VIGIE_CHROMIUM_PATH when set', () => {
    expect(chromiumExecutablePath({ VIGIE_CHROMIUM_PATH: '/opt/chromium/chrome' })).toBe(
      '/opt/chromium/chrome',
    );
  });
});
