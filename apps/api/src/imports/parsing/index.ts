export { ImportFileErrorCode, importFileErrors } from './import-file.errors';
export type {
  ImportFileInfo,
  ImportFormat,
  ImportRow,
  OpenImportFileOptions,
  OpenedImportFile,
} from './import-file.types';
export { openImportFile } from './open-import-file';
