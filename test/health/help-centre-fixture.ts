import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A small help centre of a fictional coffee grinder, written for the health tests. */
const ARTICLES: Record<string, string> = {
  'descaling.md': `# Descaling the Grindwell burr chamber

## When to descale
Descale the burr chamber every 500 grinds or when the amber descale light blinks.

## How to descale
Empty the hopper, pour one sachet of Grindwell descaling tablets into the chamber and run the
cleaning cycle by holding the pulse button for ten seconds.
`,
  'burr-calibration.md': `# Calibrating the conical burrs

## Finding the zero point
Turn the calibration ring clockwise until the burrs touch, then back off two clicks. The zero
point is marked with a white dot on the ring.

## Espresso versus filter settings
Espresso needs settings 3 to 8 on the calibration ring; filter coffee needs 18 to 25.
`,
  'bluetooth-scale.md': `# Pairing the Grindwell bluetooth scale

## Pairing
Hold the scale's tare button for five seconds until its display shows PAIR, then open the
Grindwell app and choose Add scale. Pairing finishes within thirty seconds.

## Troubleshooting pairing
If the scale does not appear, replace its coin battery and move it within one metre of the phone.
`,
  'warranty.md': `# Grindwell warranty

The motor carries a five-year warranty; burrs and the hopper carry two years. Keep the receipt:
a warranty claim needs the serial number printed under the base plate.
`,
};

export async function writeHelpCentre(root: string, extra = 0): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const [name, text] of Object.entries(ARTICLES)) await writeFile(join(root, name), text);
  // Filler articles, for tests that need a sync to take a while.
  for (let i = 0; i < extra; i++) {
    const dir = join(root, `notes-${i % 10}`);
    await mkdir(dir, { recursive: true });
    const sections = Array.from(
      { length: 3 },
      (_, s) =>
        `## Step ${s}\n\nService note ${i} part ${s}: check gasket ${i * 3 + s} and torque screw ${s}.`,
    );
    await writeFile(join(dir, `note-${i}.md`), `# Service note ${i}\n\n${sections.join('\n\n')}\n`);
  }
}
