import {
  AccessDenied,
  Admin,
  CanAccess,
  CustomRoutes,
  Loading,
  reactRouterProvider,
  Resource,
  usePermissions,
} from 'react-admin';
import { auditEvents } from './audit';
import { AccountSecurity, authProvider, LoginPage } from './auth';
import { backups } from './backups';
import { ACCOUNT_SECURITY_PATH, SECURITY_SETTINGS_PATH } from './auth/paths';
import { lazyScreen } from './common/lazyScreen';
import { communes } from './communes';
import { Dashboard } from './dashboard';
import { dataProvider } from './dataProvider';
import { deadlines, DeadlinesPage } from './deadlines';
import { EXPORTS_PATH, ExportsPage } from './exports';
import { i18nProvider } from './i18n/i18nProvider';
import { imports } from './imports';
import { incidents, INCIDENTS_MAP_PATH } from './incidents';
import { koboFeeds } from './koboFeeds';
import { theme, VigieLayout, VigieNotification } from './layout';
import { legalCases } from './legalCases';
import { legalRules } from './legalRules';
import { IncidentMap, ObservationMap } from './map';
import { observations } from './observations';
import { LEGACY_PUBLICATIONS_PATH, reports } from './publications';
import { REVIEW_QUEUE_PATH } from './review/paths';
import { SiteMap, sites } from './sites';
import { inConsole, OUTBOX_PATH, TERRAIN_PATH } from './terrain';
import { users } from './users';

const { Navigate, Route } = reactRouterProvider;

// Screens downloaded when first shown (the resources', maps', dashboard's and exports' are made
// lazy in their folder's index.ts): a first visit does not fetch what it does not show.
const ReviewQueue = lazyScreen(() => import('./review/ReviewQueue').then((module) => module.ReviewQueue));
const SecuritySettings = lazyScreen(() =>
  import('./settings/SecuritySettings').then((module) => module.SecuritySettings),
);
// « Terrain » and the outbox: phone screens that must load fast on one bar of signal (issue 13).
const TerrainPage = lazyScreen(() =>
  import('./terrain/TerrainPage').then((module) => inConsole(module.TerrainPage)),
);
const OutboxPage = lazyScreen(() =>
  import('./terrain/OutboxPage').then((module) => inConsole(module.OutboxPage)),
);
const OutboxEntryPage = lazyScreen(() =>
  import('./terrain/OutboxEntryPage').then((module) => inConsole(module.OutboxEntryPage)),
);

/**
 * The first page: this month's figures, for the roles that read statistics; for the legal team,
 * its deadlines (« Échéances »).
 */
const HomeDashboard = () => {
  const { permissions, isPending } = usePermissions();
  if (isPending) return <Loading />;
  if (permissions === 'legal') return <DeadlinesPage />;
  return (
    <CanAccess resource="stats" action="list" accessDenied={<AccessDenied />}>
      <Dashboard />
    </CanAccess>
  );
};

export const App = () => (
  <Admin
    title="Vigie"
    dataProvider={dataProvider}
    authProvider={authProvider}
    loginPage={LoginPage}
    dashboard={HomeDashboard}
    requireAuth
    i18nProvider={i18nProvider}
    layout={VigieLayout}
    notification={VigieNotification}
    theme={theme}
    disableTelemetry
  >
    <Resource name="observations" {...observations} />
    <Resource name="incidents" {...incidents} />
    <Resource name="sites" {...sites} />
    <Resource name="legal-cases" {...legalCases} />
    <Resource name="deadlines" {...deadlines} />
    <Resource name="legal-rules" {...legalRules} />
    <Resource name="communes" {...communes} />
    <Resource name="users" {...users} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="backups" {...backups} />
    <Resource name="reports" {...reports} />
    <Resource name="imports" {...imports} />
    <Resource name="kobo-feeds" {...koboFeeds} />
    <Resource name="import-mappings" />
    <CustomRoutes>
      <Route
        path="/map"
        element={
          <CanAccess resource="observations" action="list" accessDenied={<AccessDenied />}>
            <ObservationMap />
          </CanAccess>
        }
      />
      <Route
        path={INCIDENTS_MAP_PATH}
        element={
          <CanAccess resource="incidents" action="list" accessDenied={<AccessDenied />}>
            <IncidentMap />
          </CanAccess>
        }
      />
      <Route
        path={REVIEW_QUEUE_PATH}
        element={
          <CanAccess resource="observations" action="validate" accessDenied={<AccessDenied />}>
            <ReviewQueue />
          </CanAccess>
        }
      />
      <Route
        path="/sites-map"
        element={
          <CanAccess resource="sites" action="list" accessDenied={<AccessDenied />}>
            <SiteMap />
          </CanAccess>
        }
      />
      <Route
        path={EXPORTS_PATH}
        element={
          <CanAccess resource="exports" action="list" accessDenied={<AccessDenied />}>
            <ExportsPage />
          </CanAccess>
        }
      />
      <Route
        path={TERRAIN_PATH}
        element={
          <CanAccess resource="observations" action="create" accessDenied={<AccessDenied />}>
            <TerrainPage />
          </CanAccess>
        }
      />
      <Route path={OUTBOX_PATH} element={<OutboxPage />} />
      <Route path={`${OUTBOX_PATH}/:id`} element={<OutboxEntryPage />} />
      <Route path={LEGACY_PUBLICATIONS_PATH} element={<Navigate to="/reports" replace />} />
      <Route path={ACCOUNT_SECURITY_PATH} element={<AccountSecurity />} />
      <Route path={SECURITY_SETTINGS_PATH} element={<SecuritySettings />} />
    </CustomRoutes>
  </Admin>
);
