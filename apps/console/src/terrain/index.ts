/**
 * The field screens (issue 13). The pages themselves are loaded lazily by App.tsx from their own
 * modules, so that the first load of « Terrain » carries neither maps nor charts nor admin screens;
 * this module only gives what the layout needs (routes, the outbox badge).
 */
export { TERRAIN_PATH, OUTBOX_PATH, outboxEntryPath } from './paths';
export { mayCapture } from './OutboxBadge';
export { ConsoleOutboxBadge as OutboxBadge, inConsole } from './ReactAdminField';
