import { useEffect, type ReactNode } from 'react';
import { Layout, useLocaleState } from 'react-admin';
import { DemoBanner } from './DemoBanner';
import { VigieAppBar } from './VigieAppBar';
import { VigieMenu } from './VigieMenu';

/** Keeps `<html lang>` in step with the chosen language, for screen readers and hyphenation. */
const DocumentLanguage = () => {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
};

export const VigieLayout = ({ children }: { children: ReactNode }) => (
  <Layout appBar={VigieAppBar} menu={VigieMenu}>
    <DocumentLanguage />
    <DemoBanner />
    {children}
  </Layout>
);
