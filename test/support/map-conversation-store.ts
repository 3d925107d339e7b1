import type { ConversationStore } from '@switchboard/assistant';
import type { Turn } from '@switchboard/core';

/** Conversation memory in a Map, for tests of the HTTP layer. */
export class MapConversationStore implements ConversationStore {
  readonly turns = new Map<string, Turn[]>();
  async load(id: string) {
    return this.turns.get(id) ?? [];
  }
  async append(id: string, turns: Turn[]) {
    this.turns.set(id, [...(this.turns.get(id) ?? []), ...turns]);
  }
}
