import { FORCE_UNITS, INCIDENT_TYPES, LEGAL_BASES, OBSERVATION_KINDS, type Vocabulary } from '@vigie/domain';
import { TermMatcher } from './term-matcher';

/** Other ways the files write a code, besides the code and its labels. */
const SYNONYMS = new Map<Vocabulary<string>, Record<string, string[]>>([
  [
    FORCE_UNITS,
    {
      crs: ['compagnies républicaines de sécurité', 'compagnie républicaine de sécurité', 'riot police'],
      gm: ['gendarmes mobiles', 'gendarme mobile', 'gendarmerie mobile', 'mobile gendarmes', 'EGM'],
      pn: ['police', 'policiers', 'police nat', 'national police'],
      pm: ['police municipale', 'policiers municipaux', 'municipale', 'municipal police'],
      paf: ['PAF', 'police aux frontières', 'police de l’air et des frontières', 'border police'],
      bac: ['brigade anti-criminalité', 'brigade anticriminalité', 'anti-crime brigade'],
      gd: ['gendarmerie départementale', 'gendarmes départementaux'],
      pts: ['police technique et scientifique', 'police scientifique', 'police technique', 'forensic police'],
      other: ['autres', 'autre unité'],
      unknown: ['non identifié', 'non identifiés', 'inconnue', 'inconnu', 'unknown'],
    },
  ],
  [
    OBSERVATION_KINDS,
    {
      eviction: ['expulsions', 'évacuation', 'evacuation', 'evictions'],
      large_eviction: ['grande expulsion', 'expulsion massive', 'large eviction'],
      site_works: ['travaux', 'works', 'site works'],
      dispersal: ['dispersions', 'dispersals'],
    },
  ],
  [
    LEGAL_BASES,
    {
      flagrance: ['flagrant délit', 'enquête de flagrance', 'flagrant', 'flagrance'],
      court_order: ['ordonnance', 'décision du tribunal', 'jugement', 'ordonnance d’expulsion'],
      prefectoral_order: ['arrêté de la préfecture', 'arrêté préfecture', 'préfecture'],
      municipal_order: ['arrêté de la mairie', 'arrêté du maire', 'mairie'],
      sheltering_operation: ['mise à l’abri', 'mise a l abri', 'MAB', 'sheltering'],
      refused: ['refus', 'refusé'],
      none_stated: ['aucun', 'aucune', 'non annoncée', 'none'],
      unknown: ['inconnu', 'ne sait pas', 'nsp'],
    },
  ],
  [
    INCIDENT_TYPES,
    {
      physical_violence: ['violences', 'violence', 'coups', 'violence physique'],
      tear_gas: ['gaz', 'lacrymogène', 'gazage', 'gaz lacrymo', 'lacrymo'],
      weapon_threat: ['LBD', 'menace avec arme', 'arme'],
      arrest: ['arrestation', 'interpellations', 'arrests'],
      detention: ['rétention', 'CRA', 'placement en CRA'],
      destruction_of_belongings: ['destruction', 'destruction des affaires', 'affaires détruites'],
      insults_threats: ['insultes', 'menaces', 'insults', 'threats'],
    },
  ],
]);

const matchers = new Map<Vocabulary<string>, TermMatcher>();

/** The code matcher of a vocabulary: its codes, French and English labels, and synonyms. */
export function vocabularyMatcher(vocabulary: Vocabulary<string>): TermMatcher {
  let matcher = matchers.get(vocabulary);
  if (!matcher) {
    const synonyms = SYNONYMS.get(vocabulary) ?? {};
    matcher = new TermMatcher<string>(
      vocabulary.terms.flatMap((term) => [
        [term.code, term.code] as const,
        [term.fr, term.code] as const,
        [term.en, term.code] as const,
        ...(synonyms[term.code] ?? []).map((phrase) => [phrase, term.code] as const),
      ]),
    );
    matchers.set(vocabulary, matcher);
  }
  return matcher;
}

export const BOOLEAN_WORDS: Record<'true' | 'false' | 'null', string[]> = {
  true: ['oui', 'yes', 'true', 'vrai', '1', 'x', 'o', 'y', 'présent', 'présents', 'présente', 'présentes'],
  false: ['non', 'no', 'false', 'faux', '0', 'n', 'absent', 'absents', 'absente', 'absentes', 'aucun'],
  null: ['ne sait pas', 'je ne sais pas', 'nsp', 'inconnu', 'inconnue', 'unknown', 'don’t know', 'nc', 'na'],
};

export const booleanMatcher = new TermMatcher<'true' | 'false' | 'null'>(
  (['true', 'false', 'null'] as const).flatMap((value) =>
    BOOLEAN_WORDS[value].map((phrase) => [phrase, value] as const),
  ),
);
