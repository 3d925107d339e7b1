/** A compact English stopword list (function words only; keeps negations and question words out). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then else of at by for with about against between into through during ' +
    'before after above below to from up down in out on off over under again further once here there ' +
    'all any both each few more most other some such only own same so than too very s t can will just ' +
    'should now i me my myself we our ours ourselves you your yours yourself yourselves he him his ' +
    'himself she her hers herself it its itself they them their theirs themselves this that these those ' +
    'am is are was were be been being have has had having do does did doing would could ought ' +
    "i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd " +
    "they'd i'll you'll he'll she'll we'll they'll let's that's there's here's please"
  ).split(/\s+/),
);
