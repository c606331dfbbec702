/**
 * Hands out the items of `source` one step ahead: the next item is asked for before the current
 * one is handed out, so that `source` produces it while the consumer works on the current one (a
 * bulk import plans its next batch while the statements of the current one are sent).
 *
 * Only for a source whose next item does not depend on what the consumer does with the current
 * one. However the consumer stops (the end, `break`, an error), nothing is left running: the step
 * under way is waited for and `source` is closed, and its failure then is not reported (the
 * consumer's own error, if any, is the one that propagates).
 */
export async function* readAhead<T>(source: AsyncIterator<T>): AsyncGenerator<T> {
  let next = source.next();
  // Handled at once: a step that fails while the consumer still works is not an unhandled rejection.
  next.catch(() => undefined);
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = source.next();
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // The step under way (already settled when the source ended or failed): closed if it made an item.
    const step = await next.catch(() => ({ done: true }) as const);
    if (!step.done) await source.return?.();
  }
}
