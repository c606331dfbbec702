import PeopleIcon from '@mui/icons-material/People';
import { lazyScreen } from '../common/lazyScreen';

const UserCreate = lazyScreen(() => import('./UserCreate').then((module) => module.UserCreate));
const UserEdit = lazyScreen(() => import('./UserEdit').then((module) => module.UserEdit));
const UserList = lazyScreen(() => import('./UserList').then((module) => module.UserList));
const UserShow = lazyScreen(() => import('./UserShow').then((module) => module.UserShow));

/** Accounts (admin only): deactivated, never deleted. */
export const users = {
  list: UserList,
  show: UserShow,
  create: UserCreate,
  edit: UserEdit,
  icon: PeopleIcon,
  recordRepresentation: 'name',
};
