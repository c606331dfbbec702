export { Publications } from './Publications';
export { publicationMessages } from './i18n';

/** The route of the Publications page. */
export const PUBLICATIONS_PATH = '/publications';
