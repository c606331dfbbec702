export { VigieLayout } from './VigieLayout';
export { theme } from './theme';
