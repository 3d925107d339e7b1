import { readFile } from 'node:fs/promises';
import { SwitchboardError } from '@switchboard/core';
import { z } from 'zod';

/** What the brand's system prompt is built from; read from the company profile JSON. */
export interface BrandProfile {
  name: string;
  /** How replies should sound, in a sentence or two. */
  toneGuide?: string;
  /** How replies end, e.g. "— The Nimbus Home team". */
  signOff?: string;
  phrasesToAvoid: string[];
  /** Every string fact of the profile (fills placeholders; e-mail/phone values are not PII). */
  facts: Record<string, string>;
}

const profileSchema = z.looseObject({
  'Company Name': z.string().min(1),
  'Tone Guide': z.string().optional(),
  'Sign-off': z.string().optional(),
  'Phrases To Avoid': z.union([z.array(z.string()), z.string()]).optional(),
});

/** Parses a company profile object (`data/sample/company.json` shows the fields). */
export function parseBrandProfile(value: unknown, path = 'company profile'): BrandProfile {
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `${path}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const p = parsed.data;
  const avoid = p['Phrases To Avoid'];
  // Fact names come from the file: null prototype, so "__proto__" is a fact like any other.
  const facts: Record<string, string> = Object.create(null);
  // From the parsed JSON itself, not zod's copy of it, which drops a "__proto__" key.
  for (const [key, v] of Object.entries(value as object)) if (typeof v === 'string') facts[key] = v;
  return {
    name: p['Company Name'],
    ...(p['Tone Guide'] ? { toneGuide: p['Tone Guide'] } : {}),
    ...(p['Sign-off'] ? { signOff: p['Sign-off'] } : {}),
    phrasesToAvoid: (typeof avoid === 'string' ? avoid.split(/\s*;\s*/) : (avoid ?? []))
      .map((s) => s.trim())
      .filter(Boolean),
    facts,
  };
}

/** Reads the company profile file; `companyName` (SWITCHBOARD_COMPANY_NAME) overrides its name. */
export async function loadBrandProfile(path: string, companyName?: string): Promise<BrandProfile> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new SwitchboardError('CONFIG_INVALID', `Company profile ${path} is not readable JSON.`, {
      cause,
    });
  }
  if (companyName && value && typeof value === 'object' && !Array.isArray(value))
    value = { ...value, 'Company Name': companyName };
  return parseBrandProfile(value, path);
}

/**
 * The system prompt every exported example starts with, and that serving must use too: a model
 * fine-tuned under one prompt answers best under the same prompt.
 */
export function brandSystemPrompt(profile: BrandProfile): string {
  const lines = [`You are the customer support assistant of ${profile.name}.`];
  if (profile.toneGuide) lines.push(`Tone: ${profile.toneGuide}`);
  if (profile.signOff) lines.push(`End replies that close a conversation with: ${profile.signOff}`);
  if (profile.phrasesToAvoid.length)
    lines.push(
      `Never use these phrases: ${profile.phrasesToAvoid.map((p) => `"${p}"`).join(', ')}.`,
    );
  lines.push(
    'Write {{Placeholder}} names for facts you do not know (order numbers, links, phone numbers); they are filled in before the customer sees the reply.',
  );
  return lines.join('\n');
}
