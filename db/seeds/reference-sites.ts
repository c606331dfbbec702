import type { SiteKind, SiteStatus } from '@vigie/domain';

export interface ReferenceSite {
  id: string;
  name: string;
  aliases: string[];
  kind: SiteKind;
  status: SiteStatus;
  /** [longitude, latitude], approximate. */
  position: [number, number];
  /** INSEE code of the commune the position falls in, checked by the seed tests. */
  expectedCommune: string;
}

const TO_CONFIRM = 'Position approximative, à confirmer par les équipes de terrain.';

/** Well-known living sites (DESIGN §3), with fixed ids so that seeding is idempotent. */
export const REFERENCE_SITES: readonly ReferenceSite[] = [
  {
    id: '5a1e0001-0000-4000-8000-000000000001',
    name: 'Virval',
    aliases: ['Hospital', 'Hôpital'],
    kind: 'woodland',
    status: 'active',
    position: [1.8789, 50.9393],
    expectedCommune: '62193',
  },
  {
    id: '5a1e0001-0000-4000-8000-000000000002',
    name: 'BMX',
    aliases: ['Piste BMX'],
    kind: 'camp',
    status: 'active',
    position: [1.8925, 50.9466],
    expectedCommune: '62193',
  },
  {
    id: '5a1e0001-0000-4000-8000-000000000003',
    name: 'Old Lidl',
    aliases: ['OL', 'Ancien Lidl'],
    kind: 'camp',
    status: 'active',
    position: [1.8683, 50.9348],
    expectedCommune: '62193',
  },
  {
    id: '5a1e0001-0000-4000-8000-000000000004',
    name: 'Fort Nieulay',
    aliases: ['Nieulay'],
    kind: 'woodland',
    status: 'active',
    position: [1.8262, 50.9516],
    expectedCommune: '62193',
  },
  {
    id: '5a1e0001-0000-4000-8000-000000000005',
    name: 'Turquerie',
    aliases: ['La Turquerie'],
    kind: 'camp',
    status: 'active',
    position: [1.9185, 50.9538],
    expectedCommune: '62193',
  },
  {
    id: '5a1e0001-0000-4000-8000-000000000006',
    name: 'Puythouck',
    aliases: ['Lac du Puythouck', 'Bois du Puythouck'],
    kind: 'woodland',
    status: 'active',
    position: [2.2847, 51.0041],
    expectedCommune: '59271',
  },
  {
    id: '5a1e0001-0000-4000-8000-000000000007',
    name: 'Loon-Plage, camp principal',
    aliases: ['Loon', 'Loon-Plage'],
    kind: 'camp',
    status: 'active',
    position: [2.2296, 50.9975],
    expectedCommune: '59359',
  },
  {
    id: '5a1e0001-0000-4000-8000-000000000008',
    name: 'Mardyck, terrains du port',
    aliases: ['Mardyck'],
    kind: 'other',
    status: 'active',
    position: [2.2467, 51.0202],
    expectedCommune: '59183',
  },
];

export const SITE_NOTE_TO_CONFIRM = TO_CONFIRM;
