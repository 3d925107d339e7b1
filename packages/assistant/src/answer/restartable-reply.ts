/**
 * Follows a brand reply that may restart: when the model's provider stalls mid-answer, the
 * model calls `onRestart` and streams its approved reply after a separator. The customer has
 * seen the abandoned start stream by, but the reply they keep (the final text every channel
 * renders, and the transcript) is the approved reply alone: no half sentence glued to a
 * second answer.
 */
export function restartableReply(): {
  onRestart: () => void;
  track: (pieces: AsyncIterable<string>) => AsyncIterable<string>;
  /** The final text: everything streamed, or only what followed the last restart. */
  finish: (streamed: string) => string;
} {
  let sinceRestart = '';
  let restarted = false;
  return {
    onRestart: () => {
      restarted = true;
      sinceRestart = '';
    },
    async *track(pieces) {
      for await (const piece of pieces) {
        sinceRestart += piece;
        yield piece;
      }
    },
    // The separator before the restarted reply is not part of it.
    finish: (streamed) => (restarted ? sinceRestart.trimStart() : streamed),
  };
}
