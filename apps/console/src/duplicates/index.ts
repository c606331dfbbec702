export { DuplicatesPanel, RecordDuplicatesPanel } from './DuplicatesPanel';
export { MergedNotice } from './MergedNotice';
