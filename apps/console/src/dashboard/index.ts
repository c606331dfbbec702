export { Dashboard } from './Dashboard';
export { dashboardMessages } from './i18n';
