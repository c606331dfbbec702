import { useRecordContext } from 'react-admin';

/** « 2026-004 — Référé contre l’arrêté anti-distribution » (the title alone for communication). */
export const LegalCaseTitle = () => {
  const record = useRecordContext();
  if (!record) return null;
  const title = typeof record.title === 'string' ? record.title : '';
  return <span>{typeof record.reference === 'string' ? `${record.reference} — ${title}` : title}</span>;
};

/** The same words for a case met as a link (a parent, an appeal, a deadline's case). */
export function caseLabel(item: { reference?: unknown; title?: unknown }): string {
  const title = typeof item.title === 'string' ? item.title : '';
  return typeof item.reference === 'string' ? `${item.reference} — ${title}` : title;
}
