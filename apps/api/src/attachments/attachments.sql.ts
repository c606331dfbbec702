/** A stored variant (publication copy or thumbnail) of attachment `a`, or null. */
function variantJson(prefix: 'publication' | 'thumbnail'): string {
  return `(SELECT json_build_object('sha256', v.sha256, 'sizeBytes', v.size_bytes, 'mimeType', v.mime_type,
                                    'width', a.${prefix}_width, 'height', a.${prefix}_height)
             FROM stored_files v WHERE v.sha256 = a.${prefix}_sha256)`;
}

/** The JSON of one attachment, built in SQL. `a` is the attachments alias. */
export const ATTACHMENT_JSON = `json_build_object(
  'id', a.id,
  'sha256', a.sha256,
  'sizeBytes', a.size_bytes,
  'mimeType', a.mime_type,
  'originalName', a.original_name,
  'capturedAt', a.captured_at,
  'exifLocation', ST_AsGeoJSON(a.exif_location, 7)::json,
  'caption', a.caption,
  'consent', json_build_object('publication', a.consent_publication, 'litigation', a.consent_litigation,
                               'research', a.consent_research),
  'observationId', a.observation_id,
  'incidentId', a.incident_id,
  'legalCaseId', a.legal_case_id,
  'publication', ${variantJson('publication')},
  'thumbnail', ${variantJson('thumbnail')},
  'createdAt', a.created_at,
  'updatedAt', a.updated_at,
  'createdBy', a.created_by,
  'updatedBy', a.updated_by,
  'version', a.version,
  'deletedAt', a.deleted_at
)`;

/**
 * What communication may see (DESIGN §4): files with publication consent, not deleted, whose
 * observation or incident is validated and not deleted.
 */
export const PUBLISHABLE_CONDITION = `(a.consent_publication AND a.deleted_at IS NULL AND (
  EXISTS (SELECT 1 FROM observations po
           WHERE po.id = a.observation_id AND po.status = 'validated' AND po.deleted_at IS NULL)
  OR EXISTS (SELECT 1 FROM incidents pi
              WHERE pi.id = a.incident_id AND pi.status = 'validated' AND pi.deleted_at IS NULL)))`;
