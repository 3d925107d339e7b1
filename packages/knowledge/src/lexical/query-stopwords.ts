/**
 * Words that carry the asking, not the topic, of a support question ("how can I…", "what is the
 * way to…"). They are dropped from queries only: documents keep them, because in a manual
 * "can" or "need" is ordinary text, and because the shared STOPWORDS list of @switchboard/text
 * deliberately keeps question words for other uses.
 */
export const QUERY_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'how what whats where when which why who whom whose can cannot could may might must shall ' +
    'want wanna wants need needs like possible possibly way ways able know tell help explain ' +
    'anyone someone somebody get got ' +
    // The chatty frame around a question: greetings, thanks, "some information about …".
    'wondering wonder question questions info information details please thanks thank hello hi ' +
    'hey appreciate assist assistance kindly'
  ).split(/\s+/),
);
