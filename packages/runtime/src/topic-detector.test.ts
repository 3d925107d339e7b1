import { describe, expect, it } from 'vitest';
import { fitTopicDetector, topicDetectorFromJSON } from './topic-detector.ts';

// A thermostat company's language against requests no support assistant serves.
const onTopic = [
  'how do i pair a room sensor with the thermostat',
  'my thermostat shows error e4',
  'where is my order',
  'can i return the smart plug',
  'the heating schedule does not save',
  'reset the thermostat to factory settings',
  'my refund has not arrived',
  'update the firmware of the hub',
  'sensor battery low warning',
  'cancel my subscription plan',
  'thermostat will not connect to wifi',
  'change the delivery address of my order',
];
const offTopic = [
  'play some jazz music',
  'what is the weather tomorrow',
  'who won the football game last night',
  'tell me a recipe for pancakes',
  'book a taxi to the airport',
  'set an alarm for six am',
  'what is the capital of peru',
  'play the next song',
  'how tall is mount everest',
  'find a good italian restaurant nearby',
  'what movies are on tonight',
  'translate hello into spanish',
];

describe('topic detector', () => {
  const { detector, outOfFold } = fitTopicDetector({ onTopic, offTopic, folds: 3, seed: 1 });

  it('tells unseen company questions from unseen off-topic requests', () => {
    const company = detector.offTopicProbability('my thermostat sensor will not pair');
    const elsewhere = detector.offTopicProbability('play a song about the weather');
    expect(company).toBeLessThan(0.5);
    expect(elsewhere).toBeGreaterThan(0.5);
    expect(detector.offTopicProbability('   ')).toBe(0);
  });

  it('scores every off-topic line out of fold, never with a detector that saw it', () => {
    expect([...outOfFold.keys()].sort()).toEqual([...offTopic].sort());
    // In-sample scores are surer than out-of-fold ones: the detector memorises what it saw.
    const inSample = offTopic.map((t) => detector.offTopicProbability(t));
    const heldOut = offTopic.map((t) => outOfFold.get(t)!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(heldOut)).toBeLessThan(mean(inSample));
  });

  it('survives a round trip through JSON', () => {
    const copy = topicDetectorFromJSON(JSON.parse(JSON.stringify(detector.classifier.toJSON())));
    const text = 'book a table for two';
    expect(copy.offTopicProbability(text)).toBeCloseTo(detector.offTopicProbability(text), 10);
  });
});
