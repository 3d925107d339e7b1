/**
 * British/American spelling folding, applied to lower-case words before stemming on both the
 * document and the query side, so "colour"/"color" or "customise"/"customize" meet. The result
 * is a canonical form, not correct English: irregular words map to American spelling, while the
 * -ize/-yze families map to -ise/-yse. That direction is deliberate: every -ize word belongs to a
 * family spelt with "iz" (organize, organizer, organization), whereas many -ise words have no
 * variant and share a stem with -is- words (revise/revision, televise/television) that an
 * -ise → -ize rule would tear apart.
 */

// Irregular pairs and -our/-re words, where a suffix rule would be too broad ("four", "acre").
// A Map, not an object literal: the key is any word of any document or message, and on a plain
// object "constructor" finds Object (issue 9).
const VARIANTS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    aeroplane: 'airplane',
    aluminium: 'aluminum',
    behaviour: 'behavior',
    behaviours: 'behaviors',
    catalogue: 'catalog',
    catalogues: 'catalogs',
    centre: 'center',
    centres: 'centers',
    cheque: 'check',
    colour: 'color',
    coloured: 'colored',
    colourful: 'colorful',
    colours: 'colors',
    defence: 'defense',
    dialogue: 'dialog',
    dialogues: 'dialogs',
    enrol: 'enroll',
    enrolment: 'enrollment',
    favour: 'favor',
    favourite: 'favorite',
    favourites: 'favorites',
    fibre: 'fiber',
    flavour: 'flavor',
    fulfil: 'fulfill',
    grey: 'gray',
    harbour: 'harbor',
    honour: 'honor',
    humour: 'humor',
    judgement: 'judgment',
    labour: 'labor',
    licence: 'license',
    licences: 'licenses',
    litre: 'liter',
    litres: 'liters',
    metre: 'meter',
    metres: 'meters',
    mould: 'mold',
    neighbour: 'neighbor',
    neighbours: 'neighbors',
    offence: 'offense',
    programme: 'program',
    programmes: 'programs',
    rumour: 'rumor',
    theatre: 'theater',
    tyre: 'tire',
    tyres: 'tires',
    vapour: 'vapor',
  }),
);

/** Folds one lower-case word to its canonical spelling (identity for most words). */
export function foldSpelling(word: string): string {
  const known = VARIANTS.get(word);
  if (known) return known;
  // Short words ("size", "prize", "seize") are not -ize verbs; the 3-letter stem guard keeps them.
  const iz = /^(.{3,})([iy])z(e|ed|es|ing|er|ers|ation|ations|able)$/.exec(word);
  return iz ? `${iz[1]}${iz[2]}s${iz[3]}` : word;
}
