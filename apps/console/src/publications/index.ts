import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import { lazyScreen } from '../common/lazyScreen';

const ReportCreate = lazyScreen(() => import('./ReportCreate').then((module) => module.ReportCreate));
const ReportList = lazyScreen(() => import('./ReportList').then((module) => module.ReportList));
const ReportShow = lazyScreen(() => import('./ReportShow').then((module) => module.ReportShow));

export { publicationMessages } from './i18n';

/** « Publications »: the `reports` of the API (`#/reports`), for the roles that read them. */
export const reports = { list: ReportList, create: ReportCreate, show: ReportShow, icon: PictureAsPdfIcon };

/** Where the Publications page was before it became a resource: old links still lead there. */
export const LEGACY_PUBLICATIONS_PATH = '/publications';
