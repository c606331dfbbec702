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

/** DESIGN §3 Legal case `procedure`: what is brought, before whom it goes is the `forum`. */
export const LEGAL_PROCEDURES = defineVocabulary('legalProcedure', [
  { code: 'refere_liberte', fr: 'Référé-liberté', en: 'Référé-liberté (fundamental freedom)' },
  { code: 'refere_suspension', fr: 'Référé-suspension', en: 'Référé-suspension (suspension)' },
  {
    code: 'refere_mesures_utiles',
    fr: 'Référé mesures utiles',
    en: 'Référé mesures utiles (interim measures)',
  },
  { code: 'recours_annulation', fr: 'Recours en annulation', en: 'Application for annulment' },
  { code: 'appeal', fr: 'Appel', en: 'Appeal' },
  { code: 'criminal_complaint', fr: 'Plainte', en: 'Criminal complaint' },
  {
    code: 'civil_party_complaint',
    fr: 'Plainte avec constitution de partie civile',
    en: 'Complaint with civil-party claim',
  },
  {
    code: 'article40_report',
    fr: 'Signalement (article 40 CPP)',
    en: 'Report to the prosecutor (art. 40 CPP)',
  },
  {
    code: 'defenseur_droits',
    fr: 'Saisine du Défenseur des droits',
    en: 'Referral to the Défenseur des droits',
  },
  { code: 'police_inspectorate', fr: 'Saisine de l’IGPN / IGGN', en: 'Referral to the police inspectorate' },
  { code: 'cada_request', fr: 'Demande de communication (CADA)', en: 'Access-to-documents request (CADA)' },
  {
    code: 'un_communication',
    fr: 'Communication aux rapporteurs spéciaux de l’ONU',
    en: 'Communication to UN special rapporteurs',
  },
  { code: 'echr_application', fr: 'Requête devant la CEDH', en: 'Application to the ECtHR' },
  { code: 'fine_contest', fr: 'Contestation d’amende', en: 'Contesting a fine' },
  { code: 'other', fr: 'Autre', en: 'Other' },
]);
export type LegalProcedure = (typeof LEGAL_PROCEDURES.codes)[number];

export const LEGAL_FORUMS = defineVocabulary('legalForum', [
  { code: 'ta_lille', fr: 'Tribunal administratif de Lille', en: 'Administrative court, Lille' },
  {
    code: 'caa_douai',
    fr: 'Cour administrative d’appel de Douai',
    en: 'Administrative court of appeal, Douai',
  },
  { code: 'conseil_etat', fr: 'Conseil d’État', en: 'Conseil d’État' },
  {
    code: 'tj_boulogne',
    fr: 'Tribunal judiciaire de Boulogne-sur-Mer',
    en: 'Judicial court, Boulogne-sur-Mer',
  },
  { code: 'tj_dunkerque', fr: 'Tribunal judiciaire de Dunkerque', en: 'Judicial court, Dunkirk' },
  { code: 'tribunal_police', fr: 'Tribunal de police', en: 'Police court' },
  { code: 'parquet_boulogne', fr: 'Parquet de Boulogne-sur-Mer', en: 'Public prosecutor, Boulogne-sur-Mer' },
  { code: 'parquet_dunkerque', fr: 'Parquet de Dunkerque', en: 'Public prosecutor, Dunkirk' },
  { code: 'defenseur_droits', fr: 'Défenseur des droits', en: 'Défenseur des droits (ombudsman)' },
  { code: 'igpn_iggn', fr: 'IGPN / IGGN', en: 'Police inspectorate (IGPN / IGGN)' },
  { code: 'cada', fr: 'CADA', en: 'CADA (access to documents commission)' },
  { code: 'cncdh', fr: 'CNCDH', en: 'CNCDH (national human rights commission)' },
  { code: 'un', fr: 'Nations unies', en: 'United Nations' },
  { code: 'echr', fr: 'Cour européenne des droits de l’homme', en: 'European Court of Human Rights' },
  { code: 'other', fr: 'Autre', en: 'Other' },
]);
export type LegalForum = (typeof LEGAL_FORUMS.codes)[number];

export const LEGAL_CASE_STATUSES = defineVocabulary('legalCaseStatus', [
  { code: 'preparing', fr: 'En préparation', en: 'Preparing' },
  { code: 'filed', fr: 'Déposé', en: 'Filed' },
  { code: 'pending', fr: 'En cours', en: 'Pending' },
  { code: 'decided', fr: 'Jugé', en: 'Decided' },
  { code: 'appealed', fr: 'Frappé d’appel', en: 'Appealed' },
  { code: 'closed', fr: 'Clos', en: 'Closed' },
]);
export type LegalCaseStatus = (typeof LEGAL_CASE_STATUSES.codes)[number];

export const LEGAL_OUTCOMES = defineVocabulary('legalOutcome', [
  { code: 'granted', fr: 'Satisfaction', en: 'Granted' },
  { code: 'partially_granted', fr: 'Satisfaction partielle', en: 'Partially granted' },
  { code: 'rejected', fr: 'Rejet', en: 'Rejected' },
  { code: 'dismissed', fr: 'Irrecevabilité, non-lieu', en: 'Dismissed' },
  { code: 'withdrawn', fr: 'Désistement', en: 'Withdrawn' },
]);
export type LegalOutcome = (typeof LEGAL_OUTCOMES.codes)[number];

export const LEGAL_EVENT_KINDS = defineVocabulary('legalEventKind', [
  { code: 'filing', fr: 'Dépôt, saisine', en: 'Filing' },
  { code: 'hearing', fr: 'Audience', en: 'Hearing' },
  { code: 'site_visit', fr: 'Visite des lieux', en: 'Site visit' },
  { code: 'decision', fr: 'Décision', en: 'Decision' },
  { code: 'notification', fr: 'Notification', en: 'Notification' },
  { code: 'submission', fr: 'Mémoire, production', en: 'Submission' },
  { code: 'compliance_check', fr: 'Contrôle d’exécution', en: 'Compliance check' },
  { code: 'other', fr: 'Autre', en: 'Other' },
]);
export type LegalEventKind = (typeof LEGAL_EVENT_KINDS.codes)[number];

/** Event kinds that state something that happened: never dated in the future. */
export const PAST_ONLY_EVENT_KINDS: readonly LegalEventKind[] = ['decision', 'notification'];

/** Event kinds that take place somewhere, before someone: they may carry a time, a room and a judge. */
export const SCHEDULED_EVENT_KINDS: readonly LegalEventKind[] = ['hearing', 'site_visit'];

export const DEADLINE_STATUSES = defineVocabulary('deadlineStatus', [
  { code: 'open', fr: 'À tenir', en: 'Open' },
  { code: 'done', fr: 'Fait', en: 'Done' },
  { code: 'cancelled', fr: 'Annulé', en: 'Cancelled' },
]);
export type DeadlineStatus = (typeof DEADLINE_STATUSES.codes)[number];
