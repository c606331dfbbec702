import { defineVocabulary } from './vocabulary';

export const AREAS = defineVocabulary('area', [
  { code: 'calaisis', fr: 'Calaisis', en: 'Calaisis' },
  { code: 'dunkerquois', fr: 'Dunkerquois', en: 'Dunkirk area' },
  { code: 'littoral', fr: 'Autre littoral', en: 'Rest of the coast' },
]);
export type Area = (typeof AREAS.codes)[number];

export const SITE_KINDS = defineVocabulary('siteKind', [
  { code: 'camp', fr: 'Campement', en: 'Camp' },
  { code: 'woodland', fr: 'Bois', en: 'Woodland' },
  { code: 'squat', fr: 'Squat', en: 'Squat' },
  { code: 'under_bridge', fr: 'Sous un pont', en: 'Under a bridge' },
  { code: 'warehouse', fr: 'Hangar', en: 'Warehouse' },
  { code: 'street', fr: 'Rue', en: 'Street' },
  { code: 'other', fr: 'Autre', en: 'Other' },
]);
export type SiteKind = (typeof SITE_KINDS.codes)[number];

export const SITE_STATUSES = defineVocabulary('siteStatus', [
  { code: 'active', fr: 'Occupé', en: 'Active' },
  { code: 'dismantled', fr: 'Démantelé', en: 'Dismantled' },
  { code: 'fenced', fr: 'Grillagé', en: 'Fenced off' },
  { code: 'abandoned', fr: 'Abandonné', en: 'Abandoned' },
  { code: 'unknown', fr: 'Inconnu', en: 'Unknown' },
]);
export type SiteStatus = (typeof SITE_STATUSES.codes)[number];

export const OBSERVATION_KINDS = defineVocabulary('observationKind', [
  { code: 'eviction', fr: 'Expulsion', en: 'Eviction' },
  { code: 'large_eviction', fr: 'Expulsion de grande ampleur', en: 'Large-scale eviction' },
  { code: 'site_works', fr: 'Travaux rendant le lieu inutilisable', en: 'Site made unusable' },
  { code: 'dispersal', fr: 'Dispersion', en: 'Dispersal' },
]);
export type ObservationKind = (typeof OBSERVATION_KINDS.codes)[number];

export const FORCE_UNITS = defineVocabulary('forceUnit', [
  { code: 'crs', fr: 'CRS', en: 'CRS (riot police)' },
  { code: 'gm', fr: 'Gendarmerie mobile', en: 'Mobile gendarmerie' },
  { code: 'pn', fr: 'Police nationale', en: 'National police' },
  { code: 'bac', fr: 'BAC', en: 'BAC (anti-crime brigade)' },
  { code: 'paf', fr: 'Police aux frontières', en: 'Border police (PAF)' },
  { code: 'gd', fr: 'Gendarmerie départementale', en: 'Departmental gendarmerie' },
  { code: 'pm', fr: 'Police municipale', en: 'Municipal police' },
  { code: 'pts', fr: 'PTS (police technique)', en: 'Forensic police (PTS)' },
  { code: 'other', fr: 'Autre', en: 'Other' },
  { code: 'unknown', fr: 'Non identifiée', en: 'Unidentified' },
]);
export type ForceUnit = (typeof FORCE_UNITS.codes)[number];

export const SEIZURE_ITEMS = defineVocabulary('seizureItem', [
  { code: 'tent', fr: 'Tentes', en: 'Tents' },
  { code: 'tarp', fr: 'Bâches', en: 'Tarps' },
  { code: 'sleeping_bag', fr: 'Sacs de couchage', en: 'Sleeping bags' },
  { code: 'blanket', fr: 'Couvertures', en: 'Blankets' },
  { code: 'mattress', fr: 'Matelas', en: 'Mattresses' },
  { code: 'bag', fr: 'Sacs', en: 'Bags' },
  { code: 'phone', fr: 'Téléphones', en: 'Phones' },
  { code: 'documents', fr: 'Documents', en: 'Documents' },
  { code: 'medication', fr: 'Médicaments', en: 'Medication' },
  { code: 'bicycle', fr: 'Vélos', en: 'Bicycles' },
  { code: 'cooking', fr: 'Matériel de cuisine', en: 'Cooking equipment' },
  { code: 'wood_pallets', fr: 'Bois et palettes', en: 'Wood and pallets' },
  { code: 'structure', fr: 'Abris construits', en: 'Built shelters' },
  { code: 'other', fr: 'Autre', en: 'Other' },
]);
export type SeizureItem = (typeof SEIZURE_ITEMS.codes)[number];

export const LEGAL_BASES = defineVocabulary('legalBasis', [
  { code: 'flagrance', fr: 'Flagrance', en: 'Flagrante delicto' },
  { code: 'court_order', fr: 'Décision de justice', en: 'Court order' },
  { code: 'prefectoral_order', fr: 'Arrêté préfectoral', en: 'Prefectoral order' },
  { code: 'municipal_order', fr: 'Arrêté municipal', en: 'Municipal order' },
  { code: 'sheltering_operation', fr: 'Opération de mise à l’abri', en: 'Sheltering operation' },
  { code: 'refused', fr: 'Refus de communiquer', en: 'Refused to state' },
  { code: 'none_stated', fr: 'Aucune annoncée', en: 'None stated' },
  { code: 'unknown', fr: 'Inconnue', en: 'Unknown' },
]);
export type LegalBasis = (typeof LEGAL_BASES.codes)[number];

export const REVIEW_STATUSES = defineVocabulary('reviewStatus', [
  { code: 'draft', fr: 'Brouillon', en: 'Draft' },
  { code: 'submitted', fr: 'Soumise', en: 'Submitted' },
  { code: 'validated', fr: 'Validée', en: 'Validated' },
]);
export type ReviewStatus = (typeof REVIEW_STATUSES.codes)[number];

export const ROLES = defineVocabulary('role', [
  { code: 'admin', fr: 'Administration', en: 'Administrator' },
  { code: 'coordinator', fr: 'Coordination terrain', en: 'Field coordinator' },
  { code: 'observer', fr: 'Observation', en: 'Observer' },
  { code: 'legal', fr: 'Juridique', en: 'Legal' },
  { code: 'communication', fr: 'Communication', en: 'Communication' },
  { code: 'researcher', fr: 'Recherche', en: 'Researcher' },
]);
export type Role = (typeof ROLES.codes)[number];

/** DESIGN §3 Incident `type`; `group` says whom the act targeted (the publications count them apart). */
export const INCIDENT_TYPES = defineVocabulary('incidentType', [
  { code: 'physical_violence', fr: 'Violences physiques', en: 'Physical violence' },
  { code: 'tear_gas', fr: 'Gaz lacrymogène', en: 'Tear gas' },
  { code: 'weapon_threat', fr: 'Menace avec une arme (LBD…)', en: 'Weapon drawn (LBD or other)' },
  { code: 'arrest', fr: 'Interpellation', en: 'Arrest' },
  { code: 'detention', fr: 'Placement en rétention', en: 'Detention' },
  { code: 'destruction_of_belongings', fr: 'Destruction d’affaires', en: 'Destruction of belongings' },
  { code: 'insults_threats', fr: 'Insultes, menaces', en: 'Insults, threats' },
  { code: 'humanitarian_obstruction', fr: 'Entrave à l’aide humanitaire', en: 'Humanitarian aid obstructed' },
  { code: 'observer_obstruction', fr: 'Entrave à l’observation', en: 'Observers obstructed' },
  { code: 'observer_id_check', fr: 'Contrôle d’identité d’observateur·ices', en: 'Observers’ ID checked' },
  { code: 'observer_fine', fr: 'Amende à des observateur·ices', en: 'Observers fined' },
  { code: 'observer_intimidation', fr: 'Intimidation d’observateur·ices', en: 'Observers intimidated' },
  {
    code: 'observer_violence',
    fr: 'Violences contre des observateur·ices',
    en: 'Violence against observers',
  },
  { code: 'other', fr: 'Autre', en: 'Other' },
]);
export type IncidentType = (typeof INCIDENT_TYPES.codes)[number];

/** Incident types whose target is the observers, not the exiled people. */
export const OBSERVER_INCIDENT_TYPES: readonly IncidentType[] = [
  'observer_obstruction',
  'observer_id_check',
  'observer_fine',
  'observer_intimidation',
  'observer_violence',
];

export function isAgainstObservers(type: IncidentType): boolean {
  return OBSERVER_INCIDENT_TYPES.includes(type);
}

/** The three uses of a record or file that each need the people's consent (DESIGN §3). */
export const CONSENT_SCOPES = defineVocabulary('consentScope', [
  { code: 'publication', fr: 'Publication', en: 'Publication' },
  { code: 'litigation', fr: 'Contentieux', en: 'Litigation' },
  { code: 'research', fr: 'Recherche', en: 'Research' },
]);
export type ConsentScope = (typeof CONSENT_SCOPES.codes)[number];
