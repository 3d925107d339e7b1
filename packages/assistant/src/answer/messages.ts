/** Fixed wording for outcomes that must not depend on a model: handoff and honest refusal. */
export function handoffRequestedText(companyName: string): string {
  return `Of course. I'm bringing in a member of the ${companyName} team now. They'll see our conversation, so you won't need to repeat anything.`;
}

export function refusalText(): string {
  return "I'm sorry, I couldn't find anything in our help centre that answers this, and I'd rather not guess. Would you like me to connect you with a member of our team?";
}

/** Splits text into small pieces so offline answers stream like generated ones. */
export function* streamPieces(text: string, wordsPerPiece = 3): Generator<string> {
  const parts = text.split(/(\s+)/);
  for (let i = 0; i < parts.length; i += wordsPerPiece * 2) {
    yield parts.slice(i, i + wordsPerPiece * 2).join('');
  }
}
