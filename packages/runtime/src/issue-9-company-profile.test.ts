import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillPlaceholders } from '@switchboard/brand-voice';
import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../test/support/property-names.ts';
import { loadCompanyProfile } from './company-profile.ts';

// Issue 9: profile keys come from the operator's JSON file; `__proto__` or `constructor` there
// are facts like any other, and a key the file lacks is absent (not Object.prototype's member).
describe('issue 9: company profile keys named like properties', () => {
  it('keeps every property-named key as a fact and finds nothing it was not given', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sb-issue9-profile-'));
    try {
      const path = join(directory, 'company.json');
      const entries = PROPERTY_NAMES.map((name, i) => `${JSON.stringify(name)}: "fact ${i}"`);
      await writeFile(path, `{"Company Name": "Nimbus", ${entries.join(', ')}}`);
      const profile = await loadCompanyProfile(path, 'Nimbus Home');
      for (const [i, name] of PROPERTY_NAMES.entries()) {
        expect(Object.getOwnPropertyDescriptor(profile, name)?.value).toBe(`fact ${i}`);
      }
      expect(profile['Company Name']).toBe('Nimbus Home');
      const filled = fillPlaceholders('We are {{constructor}} and {{__proto__}}.', { profile });
      expect(filled.text).toBe('We are fact 0 and fact 1.');

      await writeFile(path, '{"Company Name": "Nimbus"}');
      const plain = await loadCompanyProfile(path);
      for (const name of PROPERTY_NAMES) {
        if (name !== 'Company Name') expect(plain[name]).toBeUndefined();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
