import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from '../offline/pwa';
import { FieldApp } from './FieldApp';
import { fieldTheme } from './theme';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element');

createRoot(container).render(
  <StrictMode>
    <ThemeProvider theme={fieldTheme}>
      <CssBaseline />
      <FieldApp />
    </ThemeProvider>
  </StrictMode>,
);

// The same service worker as the console's: this page is precached with the rest of the app.
registerServiceWorker();
