/**
 * What the console's theme (`theme.ts`, over react-admin's default) and the field app's
 * (`field/theme.ts`, plain MUI: importing react-admin there would bring its whole entry module into
 * the light page) have in common: Vigie's colours and the larger touch targets for phones used
 * outdoors, with cold fingers. The web app manifest's `theme_color` (vite.config.ts) is the primary.
 */
export const BRAND_COLOURS = {
  primary: { main: '#1b3a4b' },
  secondary: { main: '#2e6b5e' },
} as const;

export const TOUCH_TARGETS = {
  MuiButton: { styleOverrides: { root: { minHeight: 40 } } },
  MuiMenuItem: { styleOverrides: { root: { minHeight: 44 } } },
} as const;
