/**
 * Markdown (as the assistant writes it) → Slack mrkdwn, for the places that do not render
 * Markdown themselves: `chat.postMessage`/`chat.update` text and section blocks. (The streaming
 * methods take `markdown_text` and need no conversion.)
 *
 * Covers what answers contain: bold, italics, strike-through, links, headings, bullet lists,
 * inline code and code fences. Code is left untouched; `&`, `<` and `>` are escaped elsewhere, as
 * Slack requires, so text can never form a mention or a link by accident.
 */
export function markdownToMrkdwn(markdown: string): string {
  const kept: string[] = [];
  // Placeholders use a private-use character that never appears in answers.
  const keep = (text: string) => `\uE000${kept.push(text) - 1}\uE001`;

  let text = markdown
    .replace(/```[a-zA-Z0-9_-]*\n?([\s\S]*?)```/g, (_m, code: string) =>
      keep(`\`\`\`${code}\`\`\``),
    )
    .replace(/`([^`\n]+)`/g, (_m, code: string) => keep(`\`${code}\``));
  text = escapeMrkdwn(text)
    .replace(/!?\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) =>
      keep(`<${url}|${label.replace(/\|/g, '/')}>`),
    )
    .replace(/^#{1,6}\s+(.+?)\s*#*$/gm, (_m, title: string) => keep(`*${title}*`))
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_m, a?: string, b?: string) => keep(`*${a ?? b}*`))
    .replace(
      /(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g,
      (_m, pre: string, inner: string) => `${pre}_${inner}_`,
    )
    .replace(/~~(.+?)~~/g, '~$1~')
    .replace(/^(\s*)[-*+]\s+/gm, '$1• ');
  return text.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => kept[Number(i)] ?? '');
}

/** Slack's three control characters in message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A person's Slack message as plain text for a customer elsewhere (the widget, Teams): links
 * `<url|label>` become `label (url)`, mentions and channel links their label (or nothing), and
 * the escaped control characters come back.
 */
export function mrkdwnToText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:\/\/[^|>\s]+)>/g, '$1')
    .replace(/<[@#!][^|>]*\|([^>]+)>/g, '$1')
    .replace(/<[@#!][^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
