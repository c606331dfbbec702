export { EvidencePanel, RecordEvidencePanel, type EvidencePanelProps } from './EvidencePanel';
