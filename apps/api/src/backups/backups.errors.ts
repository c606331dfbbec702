import type { BackupRunRecord } from '@vigie/domain';
import { DomainError } from '../common/domain-error';

export enum BackupsErrorCode {
  AlreadyRunning = 'backups_already_running',
}

export const backupsErrors = {
  alreadyRunning: (current: BackupRunRecord) =>
    new DomainError('conflict', BackupsErrorCode.AlreadyRunning, 'A backup is already running', { current }),
};
