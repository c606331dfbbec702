import { AppBar, LoadingIndicator, TitlePortal } from 'react-admin';
import { LanguageSwitch } from './LanguageSwitch';

export const VigieAppBar = () => (
  <AppBar
    color="primary"
    toolbar={
      <>
        <LanguageSwitch />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
  </AppBar>
);
