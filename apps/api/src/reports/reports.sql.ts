/** Where a report is read from: `r` the report, `u` who requested it. */
export const REPORT_FROM = `reports r LEFT JOIN users u ON u.id = r.created_by`;

/** The JSON of one report, built in SQL (`r`, `u` as in REPORT_FROM). */
export const REPORT_JSON = `json_build_object(
  'id', r.id,
  'kind', r.kind,
  'from', to_char(r.period_from, 'YYYY-MM-DD'),
  'to', to_char(r.period_to, 'YYYY-MM-DD'),
  'caseId', r.case_id,
  'includeRestricted', r.include_restricted,
  'area', r.area,
  'lang', r.lang,
  'status', r.status,
  'progress', r.progress,
  'error', r.error,
  'sha256', r.sha256,
  'pageCount', r.page_count,
  'figures', r.figures,
  'createdAt', r.created_at,
  'createdBy', r.created_by,
  'createdByName', u.name,
  'startedAt', r.started_at,
  'finishedAt', r.finished_at,
  'attempts', r.attempts
)`;
