import { useEffect, type ReactNode } from 'react';
import { Layout, Navigate, useGetIdentity, useLocaleState, useLocation } from 'react-admin';
import type { VigieIdentity } from '../auth/authProvider';
import { ACCOUNT_SECURITY_PATH } from '../auth/paths';
import { OfflineRuntime } from '../offline/OfflineRuntime';
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

/**
 * A role that requires a second factor, signed in without one, may only set it up: every other
 * page sends it to "Sécurité du compte" (the API refuses the rest anyway).
 */
const EnrolmentGate = ({ children }: { children: ReactNode }) => {
  const { identity } = useGetIdentity();
  const location = useLocation();
  if (
    (identity as VigieIdentity | undefined)?.totpEnrollmentRequired &&
    location.pathname !== ACCOUNT_SECURITY_PATH
  ) {
    return <Navigate to={ACCOUNT_SECURITY_PATH} replace />;
  }
  return <>{children}</>;
};

export const VigieLayout = ({ children }: { children: ReactNode }) => (
  <Layout appBar={VigieAppBar} menu={VigieMenu}>
    <DocumentLanguage />
    <DemoBanner />
    <OfflineRuntime />
    <EnrolmentGate>{children}</EnrolmentGate>
  </Layout>
);
