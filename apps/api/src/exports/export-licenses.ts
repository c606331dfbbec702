/** Licences a data set may be published under (VIGIE_EXPORT_LICENSE), by SPDX id. */
export const EXPORT_LICENSES = {
  'ODbL-1.0': {
    title: 'Open Data Commons Open Database License (ODbL) v1.0',
    path: 'https://opendatacommons.org/licenses/odbl/1-0/',
  },
  'ODC-By-1.0': {
    title: 'Open Data Commons Attribution License v1.0',
    path: 'https://opendatacommons.org/licenses/by/1-0/',
  },
  'PDDL-1.0': {
    title: 'Open Data Commons Public Domain Dedication and License v1.0',
    path: 'https://opendatacommons.org/licenses/pddl/1-0/',
  },
  'CC-BY-4.0': {
    title: 'Creative Commons Attribution 4.0 International',
    path: 'https://creativecommons.org/licenses/by/4.0/',
  },
  'CC-BY-SA-4.0': {
    title: 'Creative Commons Attribution-ShareAlike 4.0 International',
    path: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
  'CC0-1.0': {
    title: 'Creative Commons Zero v1.0 Universal',
    path: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
} as const satisfies Record<string, { title: string; path: string }>;

export type ExportLicenseId = keyof typeof EXPORT_LICENSES;

export const EXPORT_LICENSE_IDS = Object.keys(EXPORT_LICENSES) as ExportLicenseId[];
