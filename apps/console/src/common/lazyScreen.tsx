import { type ComponentType, lazy, Suspense } from 'react';
import { Loading } from 'react-admin';

/**
 * A screen whose code is downloaded the first time it is shown (its own chunk in the build), so
 * that a first visit of a light page does not fetch the maps, the charts or the admin screens.
 * `load` is `() => import('./File').then((module) => module.Screen)`: the import must stay literal
 * for the bundler to split there. While the chunk arrives, react-admin's loading indicator shows.
 */
export function lazyScreen<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
): ComponentType<Props> {
  const Lazy = lazy(async () => ({ default: await load() }));
  const Screen = (props: Props) => (
    <Suspense fallback={<Loading />}>
      <Lazy {...props} />
    </Suspense>
  );
  return Screen;
}
