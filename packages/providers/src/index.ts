export { createChatModel } from './chat-model.ts';
export { createEmbedder } from './embedder.ts';
export {
  createFineTuneProvider,
  OPENAI_DEFAULT_BASE_URL,
  OpenAiFineTuner,
  type OpenAiFineTunerInit,
} from './fine-tuner.ts';
