import type { ReactNode } from 'react';
import { SimpleListClasses } from 'react-admin';

/**
 * SimpleList only gives its right-aligned, dimmed style to a tertiary text given as a string or a
 * function; this gives it to an element too.
 */
export const Tertiary = ({ children }: { children: ReactNode }) => (
  <span className={SimpleListClasses.tertiary}>{children}</span>
);
