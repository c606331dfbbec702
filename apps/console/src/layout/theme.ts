import { defaultTheme, type RaThemeOptions } from 'react-admin';
import { BRAND_COLOURS, TOUCH_TARGETS } from './brand';

/**
 * react-admin's default theme with larger touch targets: the console is used on phones, outdoors,
 * with cold fingers.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    ...BRAND_COLOURS,
  },
  components: {
    ...defaultTheme.components,
    ...TOUCH_TARGETS,
  },
};
