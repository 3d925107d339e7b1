export {
  classBalanced,
  fitLogistic,
  type LogisticModel,
  logisticProbability,
  type WeightedRow,
} from './logistic.ts';
