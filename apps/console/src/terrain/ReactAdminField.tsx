import { useMemo, type ComponentType, type ReactNode } from 'react';
import {
  Confirm,
  Loading,
  Title,
  useLocaleState,
  useNavigate,
  useParams,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { FieldProvider, type FieldEnvironment } from './fieldContext';
import { OutboxBadge } from './OutboxBadge';

/**
 * The field screens inside the console: translate, locale, navigation, role and route parameters
 * from react-admin, and its title, loading and confirmation components, as before the screens were
 * shared with the light field app (`src/field/`).
 */
/** The console's data provider is already there: nothing to add around the map. */
const MapFrame = ({ children }: { children: ReactNode }) => <>{children}</>;

export const ReactAdminField = ({ children }: { children: ReactNode }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const { permissions } = usePermissions();
  const params = useParams();
  const value = useMemo<FieldEnvironment>(
    () => ({
      translate,
      locale,
      navigate: (path) => void navigate(path),
      permissions,
      params,
      MapFrame,
      Title,
      Loading,
      Confirm,
    }),
    [translate, locale, navigate, permissions, params],
  );
  return <FieldProvider value={value}>{children}</FieldProvider>;
};

/** A field screen as a console route. */
export function inConsole<Props extends object>(Screen: ComponentType<Props>): ComponentType<Props> {
  const InConsole = (props: Props) => (
    <ReactAdminField>
      <Screen {...props} />
    </ReactAdminField>
  );
  return InConsole;
}

/** The app bar's outbox button (`OutboxBadge`) inside the console. */
export const ConsoleOutboxBadge = () => (
  <ReactAdminField>
    <OutboxBadge />
  </ReactAdminField>
);
