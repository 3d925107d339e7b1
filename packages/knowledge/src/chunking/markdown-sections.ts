import { HeadingTrail, type Section, tidyParagraphs } from './section.ts';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/**
 * Splits Markdown at ATX headings (`#` … `######`). Lines inside fenced code blocks are never
 * headings (a shell comment such as `# install` in a code sample must not start a section).
 * Heading lines themselves are not part of the section text: they are in `path`.
 */
export function markdownSections(markdown: string, title: string): Section[] {
  const sections: Section[] = [];
  const trail = new HeadingTrail(title);
  let path: string[] = [];
  let lines: string[] = [];
  let fence: string | undefined;
  const flush = (): void => {
    sections.push({ path, text: tidyParagraphs(lines.join('\n')) });
    lines = [];
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (marker !== undefined) {
      // A fence closes only with the same character, at least as long as the opener.
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    } else if (fence === undefined) {
      const heading = ATX_HEADING.exec(line);
      if (heading) {
        flush();
        trail.enter(heading[1]?.length ?? 1, (heading[2] ?? '').trim());
        path = trail.path;
        continue;
      }
    }
    lines.push(line);
  }
  flush();
  return sections.filter((s) => s.text !== '');
}
