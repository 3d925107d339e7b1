/** A run of document text under one heading trail, before size-based splitting. */
export interface Section {
  /** Heading trail from the document root down to this section (document title excluded). */
  path: string[];
  /** Plain text (Markdown keeps its inline syntax); paragraphs separated by blank lines. */
  text: string;
  /** HTML only: the `id` of the section's heading, to build a deep link. */
  anchor?: string;
}

/** Keeps a heading trail: a heading of level n replaces everything at level n and deeper. */
export class HeadingTrail {
  readonly #stack: Array<{ level: number; text: string }> = [];
  #titleSkipped = false;

  constructor(private readonly title: string) {}

  /**
   * Records a heading. The first H1 equal to the document title is not part of the trail: it is
   * already the chunk's `title`, and repeating it in every path only adds noise.
   */
  enter(level: number, text: string): void {
    if (!this.#titleSkipped && level === 1 && text === this.title) {
      this.#titleSkipped = true;
      return;
    }
    while ((this.#stack.at(-1)?.level ?? 0) >= level) this.#stack.pop();
    if (text) this.#stack.push({ level, text });
  }

  get path(): string[] {
    return this.#stack.map((h) => h.text);
  }
}

/** Trims lines and collapses runs of blank lines, so empty-looking sections really are empty. */
export function tidyParagraphs(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
