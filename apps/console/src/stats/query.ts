/** The query string of a statistics or preview request: absent filters are left out (the API refuses empty ones). */
export function statsQuery(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value != null && value !== '') search.set(key, value);
  return search.toString();
}
