/** One line about why a provider call failed; fetch failures hide the reason in `cause`. */
export function describeProviderError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}
