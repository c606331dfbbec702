/**
 * The case page's tabs: `#/legal-cases/:id/show/deadlines` opens the deadlines. Kept apart from the
 * page so that the deadlines and publications link to a case without loading its code.
 */
export const CASE_TABS = {
  summary: '',
  chronology: 'chronology',
  deadlines: 'deadlines',
  evidence: 'evidence',
  files: 'files',
  dossier: 'dossier',
  history: 'history',
} as const;

export const caseTabPath = (id: string, tab: keyof typeof CASE_TABS) =>
  `/legal-cases/${encodeURIComponent(id)}/show${CASE_TABS[tab] ? `/${CASE_TABS[tab]}` : ''}`;
