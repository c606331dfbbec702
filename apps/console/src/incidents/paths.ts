/** The incidents' map page (kept apart from the list so that the menu does not load the list's code). */
export const INCIDENTS_MAP_PATH = '/incidents-map';
