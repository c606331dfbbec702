/** Routes of the field screens; kept apart so that the menu and app bar import no screen. */
export const TERRAIN_PATH = '/terrain';
export const OUTBOX_PATH = '/outbox';

export const outboxEntryPath = (id: string): string => `${OUTBOX_PATH}/${encodeURIComponent(id)}`;
