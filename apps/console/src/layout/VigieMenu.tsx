import MapIcon from '@mui/icons-material/Map';
import SecurityIcon from '@mui/icons-material/Security';
import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import { CanAccess, Menu } from 'react-admin';
import { SECURITY_SETTINGS_PATH } from '../auth/paths';

/**
 * Each entry is absent, not disabled, for a role that cannot use it: resource entries ask
 * `canAccess` themselves, the pages outside resources ask it here.
 */
export const VigieMenu = () => (
  <Menu>
    <Menu.ResourceItem name="observations" />
    <CanAccess resource="observations" action="list">
      <Menu.Item to="/map" primaryText="vigie.menu.observationsMap" leftIcon={<MapIcon />} />
    </CanAccess>
    <Menu.ResourceItem name="sites" />
    <CanAccess resource="sites" action="list">
      <Menu.Item to="/sites-map" primaryText="vigie.menu.sitesMap" leftIcon={<TravelExploreIcon />} />
    </CanAccess>
    <Menu.ResourceItem name="communes" />
    <Menu.ResourceItem name="users" />
    <Menu.ResourceItem name="audit-events" primaryText="vigie.menu.audit" />
    <CanAccess resource="settings" action="edit">
      <Menu.Item
        to={SECURITY_SETTINGS_PATH}
        primaryText="vigie.menu.securitySettings"
        leftIcon={<SecurityIcon />}
      />
    </CanAccess>
  </Menu>
);
