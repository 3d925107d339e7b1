export { buildWidget, type WidgetBundle } from './build-widget.ts';
export { DEMO_PAGE_PATH, readDemoAvatar, readDemoPage } from './demo-page.ts';
export { WIDGET_STYLE_HASH } from './widget-csp.ts';
