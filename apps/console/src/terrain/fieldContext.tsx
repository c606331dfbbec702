import { createContext, useContext, type ComponentType, type ReactNode } from 'react';

/** `translate(key, { var, smart_count, _ })`: polyglot's signature, as react-admin's. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface FieldConfirmProps {
  isOpen: boolean;
  /** Message keys, translated with `translateOptions`. */
  title: string;
  content: string;
  translateOptions?: Record<string, unknown>;
  /** The buttons' message keys, when not « Confirmer » and « Annuler ». */
  confirm?: string;
  cancel?: string;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * What the field screens (« Terrain », the outbox, an entry, a conflict) need from the app around
 * them. The console gives it over react-admin (`ReactAdminField.tsx`); the light field app
 * (`src/field/`, `terrain.html`) gives it without react-admin, so that the screens can be shared
 * and a phone's first visit does not download the whole console.
 */
export interface FieldEnvironment {
  translate: Translate;
  locale: string;
  navigate: (path: string) => void;
  /** The signed-in user's role (react-admin's `permissions`), or null. */
  permissions: unknown;
  /** The path parameters of the route showing the screen (`:id` of an outbox entry). */
  params: Readonly<Record<string, string | undefined>>;
  /**
   * Around the map of « Choisir sur la carte » (loaded only when asked for): the map asks the
   * console's data provider for the server's meta and the commune outlines.
   */
  MapFrame: ComponentType<{ children: ReactNode }>;
  Title: ComponentType<{ title: string }>;
  Loading: ComponentType<{ loadingPrimary?: string; loadingSecondary?: string }>;
  Confirm: ComponentType<FieldConfirmProps>;
}

const FieldContext = createContext<FieldEnvironment | null>(null);

export const FieldProvider = ({ value, children }: { value: FieldEnvironment; children: ReactNode }) => (
  <FieldContext.Provider value={value}>{children}</FieldContext.Provider>
);

export function useFieldEnvironment(): FieldEnvironment {
  const environment = useContext(FieldContext);
  if (!environment) throw new Error('A field screen is shown outside a FieldProvider');
  return environment;
}

// The same names as react-admin's hooks, so that a screen only changes its import line.
export const useTranslate = (): Translate => useFieldEnvironment().translate;
export const useLocaleState = (): [string] => [useFieldEnvironment().locale];
export const useNavigate = (): ((path: string) => void) => useFieldEnvironment().navigate;
export const usePermissions = (): { permissions: unknown } => ({
  permissions: useFieldEnvironment().permissions,
});
export const useParams = <T extends Record<string, string | undefined>>(): Partial<T> =>
  useFieldEnvironment().params as Partial<T>;

export const Title = (props: { title: string }) => {
  const { Title: Component } = useFieldEnvironment();
  return <Component {...props} />;
};
export const Loading = (props: { loadingPrimary?: string; loadingSecondary?: string }) => {
  const { Loading: Component } = useFieldEnvironment();
  return <Component {...props} />;
};
export const Confirm = (props: FieldConfirmProps) => {
  const { Confirm: Component } = useFieldEnvironment();
  return <Component {...props} />;
};
