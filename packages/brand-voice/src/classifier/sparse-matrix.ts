import type { SparseVector } from './tfidf-vectorizer.ts';

/** Rows of sparse vectors in compressed sparse row layout, for cache-friendly training loops. */
export interface SparseMatrix {
  rows: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export function toSparseMatrix(rows: readonly SparseVector[]): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) indptr[r + 1] = indptr[r]! + rows[r]!.indices.length;
  const nnz = indptr[rows.length]!;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  rows.forEach((row, r) => {
    indices.set(row.indices, indptr[r]);
    values.set(row.values, indptr[r]);
  });
  return { rows: rows.length, indptr, indices, values };
}
