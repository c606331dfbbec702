export { VigieLayout } from './VigieLayout';
export { theme } from './theme';
export { VigieNotification } from './VigieNotification';
