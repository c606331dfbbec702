import { defaultTheme, type RaThemeOptions } from 'react-admin';

/**
 * react-admin's default theme with larger touch targets: the console is used on phones, outdoors,
 * with cold fingers.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1b3a4b' },
    secondary: { main: '#2e6b5e' },
  },
  components: {
    ...defaultTheme.components,
    MuiButton: {
      styleOverrides: { root: { minHeight: 40 } },
    },
    MuiMenuItem: {
      styleOverrides: { root: { minHeight: 44 } },
    },
  },
};
