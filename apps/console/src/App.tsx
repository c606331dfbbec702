import { Admin, CustomRoutes, reactRouterProvider, Resource } from 'react-admin';
import { communes } from './communes';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n/i18nProvider';
import { theme, VigieLayout, VigieNotification } from './layout';
import { ObservationMap } from './map';
import { observations } from './observations';
import { SiteMap, sites } from './sites';

const { Route } = reactRouterProvider;

export const App = () => (
  <Admin
    title="Vigie"
    dataProvider={dataProvider}
    i18nProvider={i18nProvider}
    layout={VigieLayout}
    notification={VigieNotification}
    theme={theme}
    disableTelemetry
  >
    <Resource name="observations" {...observations} />
    <Resource name="sites" {...sites} />
    <Resource name="communes" {...communes} />
    <CustomRoutes>
      <Route path="/map" element={<ObservationMap />} />
      <Route path="/sites-map" element={<SiteMap />} />
    </CustomRoutes>
  </Admin>
);
