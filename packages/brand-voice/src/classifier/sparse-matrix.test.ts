import { seededRandom } from '@switchboard/text';
import { describe, expect, it } from 'vitest';
import { indexRows, rowDotProducts, toSparseMatrix } from './sparse-matrix.ts';
import type { SparseVector } from './tfidf-vectorizer.ts';

/** A random sparse vector over `dimension` features, indices increasing. */
function randomVector(random: () => number, dimension: number): SparseVector {
  const indices = [...Array(dimension).keys()].filter(() => random() < 0.2);
  return {
    indices: Int32Array.from(indices),
    values: Float32Array.from(indices.map(() => random() - 0.5)),
  };
}

function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  a.indices.forEach((f, i) => {
    const j = b.indices.indexOf(f);
    if (j >= 0) sum += a.values[i]! * b.values[j]!;
  });
  return sum;
}

describe('rowDotProducts', () => {
  it('equals the dot product with every row, touching rows through their features', () => {
    const random = seededRandom(5);
    const rows = Array.from({ length: 40 }, () => randomVector(random, 30));
    const index = indexRows(toSparseMatrix(rows), 30);
    for (let trial = 0; trial < 10; trial++) {
      const query = randomVector(random, 30);
      const got = rowDotProducts(index, query);
      rows.forEach((row, r) => {
        expect(got[r]).toBeCloseTo(dot(row, query), 5);
      });
    }
  });
});
