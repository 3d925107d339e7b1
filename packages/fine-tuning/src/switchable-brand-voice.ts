import type { BrandReplyInput, BrandVoiceModel, IntentPrediction, Logger } from '@switchboard/core';
import { silentLogger } from '@switchboard/core';
import type { RedisModelRegistry } from './registry/model-registry.ts';
import type { LoadVersionModel } from './registry/registry-types.ts';

export interface SwitchableBrandVoiceOptions {
  registry: RedisModelRegistry;
  load: LoadVersionModel;
  /** The model serving at start and its version (the runtime already loaded it). */
  initial: { version: string; model: BrandVoiceModel };
  /**
   * How often the registry is asked which version is active, in case a pub/sub message was missed
   * (a reconnect drops messages). 0 turns the check off. @defaultValue 30_000
   */
  checkIntervalMs?: number;
  /** @defaultValue silent */
  log?: Logger;
}

/**
 * The brand-voice model the assistant holds for its whole life: it delegates to the active
 * registry version's model and swaps to another when the active version changes (pub/sub
 * message, or the periodic check). A reply already streaming finishes on the model it started
 * with; a version that fails to load is logged and the current model keeps serving.
 */
export class SwitchableBrandVoice implements BrandVoiceModel {
  private current: { version: string; model: BrandVoiceModel };
  private readonly options: SwitchableBrandVoiceOptions;
  private readonly log: Logger;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(options: SwitchableBrandVoiceOptions) {
    this.options = options;
    this.current = options.initial;
    this.log = options.log ?? silentLogger;
  }

  /** The registry version serving now. */
  get version(): string {
    return this.current.version;
  }

  get id(): string {
    return this.current.model.id;
  }

  classify(text: string): IntentPrediction {
    return this.current.model.classify(text);
  }

  respond(input: BrandReplyInput, options?: { signal?: AbortSignal }): AsyncIterable<string> {
    return this.current.model.respond(input, options);
  }

  /** Present only while the serving model writes grounded answers (the assistant checks for it). */
  get groundedAnswer(): BrandVoiceModel['groundedAnswer'] {
    const model = this.current.model;
    return model.groundedAnswer ? model.groundedAnswer.bind(model) : undefined;
  }

  /** Subscribes to active-version changes and starts the periodic check. */
  async start(): Promise<void> {
    this.unsubscribe = await this.options.registry.onActiveChanged(() => void this.refresh());
    const every = this.options.checkIntervalMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.refresh(), every);
      this.timer.unref();
    }
    // A change published before the subscription took effect is caught here.
    await this.refresh();
  }

  /**
   * Loads the registry's active version if it is not the one serving. Calls made while a load is
   * running make it look once more afterwards, so the last change always wins.
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.swapToActive();
      } while (this.again);
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.unsubscribe?.();
  }

  private async swapToActive(): Promise<void> {
    try {
      const active = await this.options.registry.active();
      if (!active || active.version === this.current.version) return;
      const model = await this.options.load(active);
      const previous = this.current.version;
      this.current = { version: active.version, model };
      this.log.info('brand.model.swapped', { version: active.version, previous, model: model.id });
    } catch (error) {
      this.log.error('brand.model.swap_failed', {
        serving: this.current.version,
        message: (error as Error).message,
      });
    }
  }
}
