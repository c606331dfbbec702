export { DuplicatesPanel, RecordDuplicatesPanel } from './DuplicatesPanel';
export { MergedNotice } from './MergedNotice';
export { hasPossibleDuplicates } from './comparison';
export { PossibleDuplicateMarker } from './PossibleDuplicateMarker';
