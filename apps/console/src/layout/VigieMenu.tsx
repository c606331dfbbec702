import MapIcon from '@mui/icons-material/Map';
import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import { Menu } from 'react-admin';

export const VigieMenu = () => (
  <Menu>
    <Menu.ResourceItem name="observations" />
    <Menu.Item to="/map" primaryText="vigie.menu.observationsMap" leftIcon={<MapIcon />} />
    <Menu.ResourceItem name="sites" />
    <Menu.Item to="/sites-map" primaryText="vigie.menu.sitesMap" leftIcon={<TravelExploreIcon />} />
    <Menu.ResourceItem name="communes" />
  </Menu>
);
