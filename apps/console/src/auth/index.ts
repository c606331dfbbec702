import { lazyScreen } from '../common/lazyScreen';

/** Own password, second factor and access tokens: its own chunk, downloaded when first shown. */
export const AccountSecurity = lazyScreen(() =>
  import('./AccountSecurity').then((module) => module.AccountSecurity),
);
export { authProvider } from './authProvider';
export { LoginPage } from './LoginPage';
