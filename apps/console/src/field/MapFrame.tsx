import type { ReactNode } from 'react';
import { CoreAdminContext } from 'react-admin';
import { dataProvider } from '../dataProvider';

/**
 * The map of « Choisir sur la carte » in the light app: the map reads the server's meta (tiles) and
 * the commune outlines through the console's data provider, so react-admin's core is loaded here,
 * only when the map is asked for (as Leaflet is), never on the field app's first load.
 */
export const MapFrame = ({ children }: { children: ReactNode }) => (
  <CoreAdminContext dataProvider={dataProvider}>{children}</CoreAdminContext>
);
