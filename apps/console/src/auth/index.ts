export { AccountSecurity } from './AccountSecurity';
export { authProvider } from './authProvider';
export { LoginPage } from './LoginPage';
