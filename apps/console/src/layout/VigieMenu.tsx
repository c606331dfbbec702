import AddLocationAltIcon from '@mui/icons-material/AddLocationAlt';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import MapIcon from '@mui/icons-material/Map';
import WrongLocationIcon from '@mui/icons-material/WrongLocation';
import SecurityIcon from '@mui/icons-material/Security';
import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import { CanAccess, Menu, usePermissions } from 'react-admin';
import { SECURITY_SETTINGS_PATH } from '../auth/paths';
import { EXPORTS_PATH } from '../exports/paths';
import { INCIDENTS_MAP_PATH } from '../incidents/paths';
import { REVIEW_QUEUE_PATH } from '../review/paths';
import { TERRAIN_PATH } from '../terrain/paths';

/**
 * Each entry is absent, not disabled, for a role that cannot use it: resource entries ask
 * `canAccess` themselves, the pages outside resources ask it here.
 */
export const VigieMenu = () => {
  const { permissions } = usePermissions();
  return (
    <Menu>
      {/* The legal team's home page is « Échéances », which has its own entry below. */}
      {permissions === 'legal' ? null : (
        <CanAccess resource="stats" action="list">
          <Menu.DashboardItem primaryText="vigie.dashboard.title" />
        </CanAccess>
      )}
      {/* Field entry on a phone (issue 13): the roles that create observations. */}
      <CanAccess resource="observations" action="create">
        <Menu.Item
          to={TERRAIN_PATH}
          primaryText="vigie.terrain.menu"
          leftIcon={<AddLocationAltIcon />}
          data-testid="menu-terrain"
        />
      </CanAccess>
      <CanAccess resource="observations" action="validate">
        <Menu.Item to={REVIEW_QUEUE_PATH} primaryText="vigie.menu.review" leftIcon={<FactCheckIcon />} />
      </CanAccess>
      <Menu.ResourceItem name="observations" />
      <CanAccess resource="observations" action="list">
        <Menu.Item to="/map" primaryText="vigie.menu.observationsMap" leftIcon={<MapIcon />} />
      </CanAccess>
      <Menu.ResourceItem name="incidents" />
      <CanAccess resource="incidents" action="list">
        <Menu.Item
          to={INCIDENTS_MAP_PATH}
          primaryText="vigie.menu.incidentsMap"
          leftIcon={<WrongLocationIcon />}
        />
      </CanAccess>
      <Menu.ResourceItem name="sites" />
      <CanAccess resource="sites" action="list">
        <Menu.Item to="/sites-map" primaryText="vigie.menu.sitesMap" leftIcon={<TravelExploreIcon />} />
      </CanAccess>
      <Menu.ResourceItem name="legal-cases" />
      <Menu.ResourceItem name="deadlines" />
      <Menu.ResourceItem name="legal-rules" />
      <Menu.ResourceItem name="reports" />
      <Menu.ResourceItem name="imports" />
      <Menu.ResourceItem name="kobo-feeds" />
      <CanAccess resource="exports" action="list">
        <Menu.Item to={EXPORTS_PATH} primaryText="vigie.exports.title" leftIcon={<FileDownloadIcon />} />
      </CanAccess>
      <Menu.ResourceItem name="communes" />
      <Menu.ResourceItem name="users" />
      <Menu.ResourceItem name="audit-events" primaryText="vigie.menu.audit" />
      <Menu.ResourceItem name="backups" primaryText="vigie.backups.menu" />
      <CanAccess resource="settings" action="edit">
        <Menu.Item
          to={SECURITY_SETTINGS_PATH}
          primaryText="vigie.menu.securitySettings"
          leftIcon={<SecurityIcon />}
        />
      </CanAccess>
    </Menu>
  );
};
