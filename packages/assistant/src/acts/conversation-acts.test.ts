import { describe, expect, it } from 'vitest';
import { actReply } from './act-replies.ts';
import {
  NOT_SMALL_TALK,
  peelWrappers,
  readConversationAct,
  readLearnedAct,
  type SmallTalkClassifier,
} from './conversation-acts.ts';

describe('readConversationAct', () => {
  it.each([
    ['hi', 'greeting'],
    ['Hello there!', 'greeting'],
    ['Good morning', 'greeting'],
    ['ok thanks!', 'thanks'],
    ['Thank you so much', 'thanks'],
    ['ok', 'acknowledgement'],
    ['got it, makes sense', 'acknowledgement'],
    ['bye', 'goodbye'],
    ["that's all, have a nice day", 'goodbye'],
    ['are you a bot?', 'bot_question'],
    ['Am I talking to a real person?', 'bot_question'],
    ['can you repeat that please', 'repeat'],
    ["I don't understand", 'not_understood'],
    ['tell me a joke', 'chitchat'],
    ["It doesn't matter to me, Sam.", 'acknowledgement'],
    ['either one is fine', 'acknowledgement'],
    ['I would not mind either one', 'acknowledgement'],
    ['that was really helpful', 'acknowledgement'],
    ['I have no idea which one to pick', 'not_understood'],
    ['please explain further', 'not_understood'],
    ["I don't get the last part", 'not_understood'],
    ["oops, that's not what I asked for", 'not_understood'],
    ['Did you understand my last message correctly?', 'confirm'],
    ['could you double-check my previous request', 'confirm'],
    ["ok, I'll talk to you later", 'goodbye'],
  ])('reads %j as %s with nothing left to answer', (text, act) => {
    const reading = readConversationAct(text);
    expect(reading.act).toBe(act);
    expect(reading.remainder).toBe('');
  });

  it.each([
    'please confirm my order 12345',
    'check the status of my refund',
    "I don't mind paying extra for faster shipping",
    'it does not matter which card I use?',
    'I have no idea which plan to choose for my team of five',
  ])('leaves %j, which asks something, to be answered', (text) => {
    expect(readConversationAct(text).act).toBeUndefined();
  });

  it('peels a greeting and a politeness wrapper off a real question', () => {
    const reading = readConversationAct(
      'Hi, I was wondering if you could tell me how to pair a room sensor? Thanks!',
    );
    expect(reading.act).toBeUndefined();
    expect(reading.peeled).toBe(true);
    expect(reading.remainder).toBe('how to pair a room sensor?');
  });

  it.each([
    ['Hello, I need information about how to apply for a loan', 'how to apply for a loan'],
    ['hello i would like to get information about new applicants', 'new applicants'],
    ['I wanted to know about career options', 'career options'],
    ['Ok, got that. And what if my income changes?', 'And what if my income changes?'],
    [
      "I was wondering what happens if I can't pay my loan and I'd appreciate some answers.",
      "what happens if I can't pay my loan",
    ],
    ['I have questions about my loan plan. Perhaps you can help me with that.', 'my loan plan'],
    ['How do I reset my password? Any help would be appreciated', 'How do I reset my password?'],
    [
      'Hello there. Can you please tell me something about student loans? How do they work?',
      'student loans? How do they work?',
    ],
    ["Hi, I'm looking information about forbearance.", 'forbearance.'],
    [
      "Hello, hope you're doing well today. What does the premium plan cost?",
      'What does the premium plan cost?',
    ],
    ['I am wondering if I can pay by card', 'I can pay by card'],
    [
      'I have a question that you might be able to help me with, can I return a gift?',
      'can I return a gift?',
    ],
  ])('peels %j down to %j', (text, question) => {
    expect(readConversationAct(text)).toMatchObject({ remainder: question, peeled: true });
  });

  it('says when only an acknowledgement or a closer was peeled, not a greeting or a wrapper', () => {
    expect(readConversationAct('Ok, got that. And what if my income changes?').acknowledged).toBe(
      true,
    );
    expect(readConversationAct('retry please').acknowledged).toBe(true);
    expect(readConversationAct('Hi, how do I apply for a loan?').acknowledged).toBeUndefined();
    expect(
      readConversationAct('Could you tell me how to apply for a loan').acknowledged,
    ).toBeUndefined();
  });

  it('leaves a plain question alone, even one that mentions thanks or a bot', () => {
    for (const text of [
      'How do I reset my password?',
      'Why does the thermostat say thank you after setup?',
      'Can the bot integration read my calendar?',
      'What if my income has changed?',
    ]) {
      expect(readConversationAct(text)).toEqual({ remainder: text, peeled: false });
    }
  });

  it('never peels a message down to nothing it did not understand', () => {
    expect(peelWrappers('please').text).toBe('please');
    expect(peelWrappers('Hi').text).toBe('Hi');
  });
});

describe('readLearnedAct', () => {
  // A classifier that hears "repeat" in anything, as function words alone can make it do.
  const hearsRepeat = (actVocabulary?: ReadonlySet<string>): SmallTalkClassifier => ({
    predict: () => ({
      label: 'repeat',
      confidence: 0.7,
      ranked: [
        { label: 'repeat', probability: 0.7 },
        { label: NOT_SMALL_TALK, probability: 0.3 },
      ],
    }),
    ...(actVocabulary ? { actVocabulary } : {}),
  });
  const question = 'I came here to learn about loan delinquency. What can you tell me about that?';

  it('never reads small talk in a message with several words small talk does not use', () => {
    const vocabulary = new Set(['repeat', 'tell', 'again', 'came']);
    expect(readLearnedAct(hearsRepeat(vocabulary), question)).toBeUndefined();
    expect(readLearnedAct(hearsRepeat(vocabulary), 'tell me again')).toMatchObject({
      act: 'repeat',
      probability: 0.7,
    });
    // Without a vocabulary the classifier alone decides.
    expect(readLearnedAct(hearsRepeat(), question)?.act).toBe('repeat');
  });
});

describe('actReply', () => {
  it('speaks for the company and hands the conversation back', () => {
    expect(actReply('greeting', { companyName: 'Nimbus Home' })).toContain('Nimbus Home assistant');
    expect(actReply('thanks')).toMatch(/anything else/);
  });

  it('repeats the previous answer when asked', () => {
    expect(actReply('repeat', { lastAnswer: 'Hold the button for 5 seconds.' })).toContain(
      'Hold the button for 5 seconds.',
    );
  });
});
