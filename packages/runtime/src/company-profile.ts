import { readFile } from 'node:fs/promises';
import { type CompanyProfile, SwitchboardError } from '@switchboard/core';

/** Reads the company facts used to fill reply placeholders; string values only. */
export async function loadCompanyProfile(
  path: string,
  companyName?: string,
): Promise<CompanyProfile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `Company profile ${path} is not readable JSON: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `Company profile ${path} must be a JSON object of strings`,
    );
  }
  // Keys come from the file: a null-prototype object keeps "__proto__" or "constructor" as plain facts.
  const profile: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number') profile[key] = String(value);
  }
  if (companyName) profile['Company Name'] = companyName;
  return Object.freeze(profile);
}
