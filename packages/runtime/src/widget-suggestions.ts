import { MostAskedQuestions, type RedisConversationStore } from '@switchboard/assistant';
import { scrubPii, totalPii } from '@switchboard/brand-voice';
import type { Config } from '@switchboard/config';
import { describeError, type Logger } from '@switchboard/core';
import type { CustomerStores } from './customer-stores.ts';

/** The widget's suggested first questions for a new conversation. */
export interface WidgetSuggestions {
  /** The questions now (from memory: never computed per request). */
  current(): readonly string[];
  /** Computes the most asked questions now (`auto`); answers the list. */
  refresh(): Promise<readonly string[]>;
  close(): Promise<void>;
}

export interface WidgetSuggestionsOptions {
  config: Config;
  stores: Pick<CustomerStores, 'index'> & { memory: Pick<RedisConversationStore, 'opening'> };
  events: Logger;
  /** How often the most asked questions are computed again. @defaultValue an hour */
  refreshMs?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/**
 * WIDGET_SUGGESTIONS: the operator's list as configured, none when `off`, else (`auto`) the
 * questions customers ask most within the retention period, refreshed in the background.
 */
export function openWidgetSuggestions(options: WidgetSuggestionsOptions): WidgetSuggestions {
  const { config, stores, events } = options;
  const setting = config.web.suggestions;
  if (setting !== 'auto') {
    const list = Object.freeze(setting === 'off' ? [] : [...setting]);
    return { current: () => list, refresh: async () => list, close: async () => {} };
  }
  const mostAsked = new MostAskedQuestions({
    index: stores.index,
    openings: stores.memory,
    isPersonal: (text) => totalPii(scrubPii(text).counts) > 0,
    windowMs: config.memory.ttlSeconds * 1000,
    resolutionWindowMs: config.resolutionWindowHours * 3_600_000,
    ...(options.refreshMs ? { refreshMs: options.refreshMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    onError: (error) =>
      events.warn('widget.suggestions.refresh_failed', { message: describeError(error) }),
  });
  mostAsked.start();
  return {
    current: () => mostAsked.current(),
    refresh: () => mostAsked.refresh(),
    close: () => mostAsked.close(),
  };
}
