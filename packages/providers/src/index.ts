export { createChatModel } from './chat-model.ts';
export { createEmbedder } from './embedder.ts';
