import { useCanAccess } from 'react-admin';

/**
 * Whether the user reads a case's details (its other fields, deadlines, evidence, files) or only
 * its public side (communication). Undefined while the answer is pending: pages wait, not guess.
 */
export function useCaseDetails(): boolean | undefined {
  const { canAccess, isPending } = useCanAccess({ resource: 'legal-cases', action: 'details' });
  return isPending ? undefined : canAccess === true;
}
