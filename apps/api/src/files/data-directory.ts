import { join, resolve } from 'node:path';
import { projectRoot } from '../../../../db/project-root';
import type { AppConfig } from '../config/app-config';

/** The directory stored files live in (content-addressed, with a `tmp/` for uploads in flight). */
export function dataDirectory(config: Pick<AppConfig, 'VIGIE_DATA_DIR'>): string {
  return resolve(config.VIGIE_DATA_DIR ?? join(projectRoot(), '.data', 'files'));
}
