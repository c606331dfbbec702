import type { LegalBasis, ObservationKind } from '@vigie/domain';

/**
 * French wording of the synthetic demo narratives. Every text here is invented: no real person,
 * company or event is named, and each narrative ends by saying it is fictional, so a demo record can
 * never be mistaken for a real observation (DESIGN §8: the demo set is labelled as synthetic).
 */

/** Marks every synthetic narrative; also lets a full-text search find the demo rows. */
export const DEMO_NARRATIVE_MARK = 'Récit fictif, données de démonstration.';

/**
 * `{place}` and `{time}` are replaced by the site and the Paris start time. `{place}` always follows
 * « à », so that a site name (« à BMX ») and an unnamed camp (« à un campement non référencé… ») both
 * read correctly.
 */
export const OPENINGS: Readonly<Record<ObservationKind, readonly string[]>> = {
  eviction: [
    'Expulsion constatée à {place} à partir de {time}.',
    'Arrivée des forces de l’ordre à {place} vers {time} ; les personnes doivent partir.',
    'À {time}, début de l’expulsion à {place}. Les personnes rassemblent leurs affaires.',
    'Opération d’expulsion à {place} observée dès {time}.',
    'Vers {time}, les tentes installées à {place} sont encerclées et les personnes réveillées.',
  ],
  large_eviction: [
    'Expulsion de grande ampleur à {place} vers {time}, large périmètre de sécurité.',
    'Évacuation complète du lieu de vie à {place} dès {time} ; des bus attendent à l’entrée.',
    'Opération d’envergure à {place} dès {time} : le lieu de vie est entièrement vidé.',
  ],
  site_works: [
    'Travaux à {place} à partir de {time} : pose de grillages et de blocs de pierre.',
    'Abattage d’arbres et débroussaillage à {place} vers {time}.',
    'Creusement de tranchées et dépôt de rochers à {place} à partir de {time}.',
  ],
  dispersal: [
    'Dispersion d’un groupe de personnes à {place} vers {time}.',
    'Vers {time}, les forces de l’ordre dispersent un groupe rassemblé à {place}.',
  ],
};

/** When something was seized; otherwise {@link CONTRACTOR_IDLE_SENTENCE}. */
export const CONTRACTOR_SENTENCES: readonly string[] = [
  'Une entreprise de nettoyage emporte les affaires restées sur place.',
  'Des agents d’une entreprise privée chargent tentes et bâches dans une benne.',
  'Un camion d’une entreprise prestataire emporte le matériel.',
];

export const CONTRACTOR_IDLE_SENTENCE = 'Une entreprise prestataire est présente sur place.';

/** Invented company names, recognisably fictional. */
export const CONTRACTOR_NAMES: readonly string[] = [
  'Nettoyage Démo SARL',
  'Entreprise Fictive du Littoral',
  'Débroussaillage Exemple et Fils',
  'Services Urbains Imaginaires',
  'Transports Fictifs du Nord',
];

/** What the officer in charge is supposed to have said, for the bases that come with a text. */
export const LEGAL_BASIS_DETAILS: Readonly<Partial<Record<LegalBasis, readonly string[]>>> = {
  flagrance: [
    'Enquête de flagrance pour occupation illicite invoquée oralement (exemple fictif).',
    'L’officier évoque une flagrance, sans document présenté (exemple fictif).',
  ],
  prefectoral_order: [
    'Arrêté préfectoral mentionné oralement, non affiché sur place (exemple fictif).',
    'Arrêté préfectoral affiché la veille à l’entrée du terrain (exemple fictif).',
  ],
  court_order: ['Ordonnance d’expulsion présentée par l’huissier (exemple fictif).'],
  municipal_order: ['Arrêté municipal affiché sur les grilles (exemple fictif).'],
  sheltering_operation: ['Opération de mise à l’abri annoncée par la préfecture (exemple fictif).'],
};

export const OBSTRUCTION_SENTENCES: readonly string[] = [
  'Les observateur·ices sont tenu·es à l’écart par un périmètre de sécurité.',
  'Les observateur·ices sont escorté·es hors du lieu de vie.',
];

export const UNRELIABLE_COUNT_SENTENCE =
  'Les quantités sont estimées de loin et restent incertaines.';

/** French plural of the simple kind used here (`1 tente`, `3 tentes`). */
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/** `7 h 05`: the way a French field report writes a time. */
export function frenchTime(minutesOfDay: number): string {
  const hours = Math.floor(minutesOfDay / 60);
  const minutes = minutesOfDay % 60;
  return `${hours} h ${String(minutes).padStart(2, '0')}`;
}
