import { createHash } from 'node:crypto';
import { STOPWORDS } from '@switchboard/text';
import { analyzeText } from './analyzer.ts';
import { documentFields, proseShare } from './document-fields.ts';

/** Text that exercises the analyser: stemming, spelling folds, accents, apostrophes, numbers. */
const PROBE_TEXT =
  'Running runs ran easily fairly connection connected connecting generalizations relational ' +
  'conditional valency hesitancy digitizer radically differently analogously predication ' +
  'operator feudalism decisiveness hopefulness callousness formality sensitivity triplicate ' +
  'formative electricity electrical goodness revival allowance inference airliner adjustable ' +
  'defensible irritant replacement adjustment dependent adoption communism activate effective ' +
  'probate controlling rolling colour customise organisation analyse centre behaviour Wi-Fi ' +
  "café naïve don't it's the customer's 2024 10.5 S10 e-mail ﬁle CAFÉ straße";

let digest: string | undefined;

/**
 * Fingerprint of what the analyser does (fields, tokens, stopwords, stems, prose share) on probe
 * inputs: a saved index from code that analyses differently is not loaded (the file's own
 * format number covers its layout).
 */
export function analyzerDigest(): string {
  digest ??= createHash('sha256')
    .update(
      JSON.stringify([
        analyzeText(`${PROBE_TEXT} ${[...STOPWORDS].join(' ')}`),
        [...STOPWORDS].sort(),
        [
          'Settings > Display › Screen timeout',
          'Repayment Plans | Federal Student Aid',
          'Reset your password – Acme Help Center',
          'Camera » Settings',
        ].map((title) =>
          documentFields({ id: 'p', title, sectionPath: ['Camera', 'Camera', 'Video'], text: '' }),
        ),
        [
          'Getting started\nGalaxy S10\nAssemble your device',
          'Status bar\nThe bar shows icons and alerts.\nTap: here',
        ].map(proseShare),
      ]),
    )
    .digest('hex');
  return digest;
}
