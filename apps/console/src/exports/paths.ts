/** The « Exports » page's route. */
export const EXPORTS_PATH = '/exports';
