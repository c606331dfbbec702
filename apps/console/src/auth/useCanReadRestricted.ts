import { useGetIdentity } from 'react-admin';
import { canReadRestricted } from './access';

/** Undefined while the identity loads: a form waits rather than guess. */
export function useCanReadRestricted(): boolean | undefined {
  const { identity, isPending } = useGetIdentity();
  if (isPending) return undefined;
  return canReadRestricted((identity as { role?: unknown } | undefined)?.role);
}
