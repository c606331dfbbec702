import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import {
  FORCE_UNITS,
  type ForceUnit,
  type LegalBasis,
  type ObservationKind,
  type SeizureItem,
} from '@vigie/domain';
import { pickOne } from './random';

/**
 * French narratives of the synthetic demo data: the wording, and `narrate`, which composes it for one
 * drawn observation. Every text here is invented: no real person, company or event is named, and each
 * narrative ends by saying it is fictional, so a demo record can never be mistaken for a real
 * observation (DESIGN §8: the demo set is labelled as synthetic).
 */

/** Marks every synthetic narrative; also lets a full-text search find the demo rows. */
export const DEMO_NARRATIVE_MARK = 'Récit fictif, données de démonstration.';

/**
 * `{place}` and `{time}` are replaced by the site and the Paris start time. `{place}` always follows
 * « à », so that a site name (« à BMX ») and an unnamed camp (« à un campement non référencé… ») both
 * read correctly.
 */
const OPENINGS: Readonly<Record<ObservationKind, readonly string[]>> = {
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
const CONTRACTOR_SENTENCES: readonly string[] = [
  'Une entreprise de nettoyage emporte les affaires restées sur place.',
  'Des agents d’une entreprise privée chargent tentes et bâches dans une benne.',
  'Un camion d’une entreprise prestataire emporte le matériel.',
];

const CONTRACTOR_IDLE_SENTENCE = 'Une entreprise prestataire est présente sur place.';

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

const OBSTRUCTION_SENTENCES: readonly string[] = [
  'Les observateur·ices sont tenu·es à l’écart par un périmètre de sécurité.',
  'Les observateur·ices sont escorté·es hors du lieu de vie.',
];

const UNRELIABLE_COUNT_SENTENCE = 'Les quantités sont estimées de loin et restent incertaines.';

/** French plural of the simple kind used here (`1 tente`, `3 tentes`). */
function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/** `7 h 05`: the way a French field report writes a time. */
function frenchTime(minutesOfDay: number): string {
  const hours = Math.floor(minutesOfDay / 60);
  const minutes = minutesOfDay % 60;
  return `${hours} h ${String(minutes).padStart(2, '0')}`;
}

/**
 * What the narrative tells. Forces and seizures are typed by the fields read here rather than as the
 * drawn rows, so that the wording does not depend on the draw that uses it.
 */
interface Narrative {
  kind: ObservationKind;
  place: string;
  startMinuteOfDay: number;
  forces: readonly { unit: ForceUnit; vehicles: number }[];
  seizures: readonly { item: SeizureItem; quantity: number; destroyed: boolean }[];
  arrests: number;
  contractorPresent: boolean | null;
  shelterOffered: boolean | null;
  shelterBuses: number | null;
  peopleSheltered: number | null;
  observationObstructed: boolean | null;
  countsReliable: boolean;
}

/** The French narrative of one observation. Advances `rng`: the wording is part of the seeded draw. */
export function narrate(rng: RandomGenerator, n: Narrative): string {
  const sentences = [
    pickOne(rng, OPENINGS[n.kind])
      .replace('{place}', n.place)
      .replace('{time}', frenchTime(n.startMinuteOfDay)),
  ];
  if (n.forces.length > 0) {
    // Kept short: the full-text column indexes every word, and the units are in their own rows.
    const vehicles = n.forces.reduce((sum, force) => sum + force.vehicles, 0);
    const units = n.forces
      .filter((force) => force.unit !== 'unknown')
      .map((force) => FORCE_UNITS.label(force.unit, 'fr'))
      .join(', ');
    sentences.push(`${plural(vehicles, 'véhicule', 'véhicules')}${units ? ` : ${units}` : ''}.`);
  }
  const quantity = (...items: SeizureItem[]) =>
    n.seizures.reduce((sum, seizure) => (items.includes(seizure.item) ? sum + seizure.quantity : sum), 0);
  const shelter = quantity('tent', 'tarp');
  const bedding = quantity('sleeping_bag', 'blanket');
  if (shelter + bedding === 0) {
    sentences.push('Aucune saisie de tentes ni de couchages constatée.');
  } else {
    const parts = [
      shelter > 0 ? `${plural(shelter, 'tente ou bâche saisie', 'tentes et bâches saisies')}` : '',
      bedding > 0
        ? `${plural(bedding, 'sac de couchage ou couverture', 'sacs de couchage et couvertures')}`
        : '',
    ].filter(Boolean);
    const destroyed = n.seizures.some((seizure) => seizure.destroyed);
    sentences.push(
      `${parts.join(', ')}${destroyed ? ' ; une partie du matériel est détruite sur place' : ''}.`,
    );
  }
  if (n.contractorPresent) {
    sentences.push(shelter + bedding > 0 ? pickOne(rng, CONTRACTOR_SENTENCES) : CONTRACTOR_IDLE_SENTENCE);
  }
  if (n.shelterOffered && n.shelterBuses) {
    sentences.push(
      `${plural(n.shelterBuses, 'bus de mise à l’abri', 'bus de mise à l’abri')} ; ${plural(n.peopleSheltered ?? 0, 'personne monte', 'personnes montent')} à bord.`,
    );
  }
  if (n.arrests > 0) sentences.push(`${plural(n.arrests, 'interpellation', 'interpellations')}.`);
  if (n.observationObstructed) sentences.push(pickOne(rng, OBSTRUCTION_SENTENCES));
  if (!n.countsReliable) sentences.push(UNRELIABLE_COUNT_SENTENCE);
  sentences.push(DEMO_NARRATIVE_MARK);
  return sentences.join(' ');
}
