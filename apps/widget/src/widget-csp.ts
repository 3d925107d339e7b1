import { createHash } from 'node:crypto';
import { STYLES } from './browser/styles.ts';

/**
 * The CSP source that allows the widget's one inline `<style>` (inside its shadow root): a page
 * with a strict `style-src` adds this instead of `'unsafe-inline'`. It changes when the styles
 * do, so pages should take it from here rather than copy it. The widget sets nothing else that
 * CSP governs: its theming goes through CSSOM (`style.setProperty`), which CSP does not block.
 */
export const WIDGET_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLES, 'utf8').digest('base64')}'`;
