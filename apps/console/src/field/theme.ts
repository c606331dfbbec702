import { createTheme } from '@mui/material/styles';
import { BRAND_COLOURS, TOUCH_TARGETS } from '../layout/brand';

/**
 * The console's look for the field app: Vigie's colours and touch targets (`layout/brand.ts`, shared
 * with the console's theme) and what react-admin's default theme sets that the field screens show
 * (the filled dense inputs), written out: importing react-admin's `defaultTheme` would bring
 * react-admin's whole entry module into this page's graph.
 */
export const fieldTheme = createTheme({
  typography: { h6: { fontWeight: 400 } },
  palette: {
    background: { default: '#fafafb' },
    ...BRAND_COLOURS,
  },
  components: {
    MuiTextField: {
      defaultProps: { variant: 'filled', margin: 'dense', size: 'small', fullWidth: true },
    },
    MuiFormControl: {
      defaultProps: { variant: 'filled', margin: 'dense', size: 'small', fullWidth: true },
    },
    MuiAutocomplete: { defaultProps: { fullWidth: true } },
    MuiFilledInput: {
      styleOverrides: { root: { backgroundColor: 'rgba(0, 0, 0, 0.04)' } },
    },
    ...TOUCH_TARGETS,
  },
});
