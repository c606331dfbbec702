import { describe, expect, it } from 'vitest';
import { rcloneFailureReason } from './rclone-destination';

// rclone's own messages, as it prints them on the remotes Vigie is used with.
describe(rcloneFailureReason.name, () => {
  it.each([
    ['full', 1, 'Failed to rcat: Put "https://cloud.example.org/x": 507 Insufficient Storage'],
    ['full', 1, 'Failed to copy: write /mnt/disk/x: no space left on device'],
    ['full', 1, 'Failed to rcat: QuotaExceeded: storage quota exceeded'],
    ['unreachable', 1, 'dial tcp 127.0.0.1:9: connect: connection refused'],
    ['unreachable', 1, 'dial tcp: lookup cloud.example.org: no such host'],
    ['unreachable', 1, 'read tcp 10.0.0.2:443: i/o timeout'],
    ['unreachable', 1, "couldn't connect SSH: dial tcp 192.0.2.1:22: connect: network is unreachable"],
    ['missing', 3, 'Failed to cat with 2 errors: last error was: directory not found'],
    ['missing', 4, 'Failed to cat: object not found'],
    ['missing', 1, "Failed to deletefile: dav:a/b is a directory or doesn't exist"],
    ['other', 1, 'Failed to create file system for "x:": didn\'t find section in config file'],
    ['other', 1, 'Failed to rcat: 403 Forbidden'],
  ] as const)('says %s for exit %i with "%s"', (reason, code, stderr) => {
    expect(rcloneFailureReason(code, stderr)).toBe(reason);
  });
});
