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

/**
 * Dot product of `query` with every row of `x` (cosines when rows and query are unit vectors),
 * through `scratch`: a dense array of the feature dimension, all zeros, and zeroed again on return.
 */
export function rowDotProducts(
  x: SparseMatrix,
  query: SparseVector,
  scratch: Float64Array,
): Float64Array {
  for (let k = 0; k < query.indices.length; k++) scratch[query.indices[k]!] = query.values[k]!;
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let dot = 0;
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++)
      dot += x.values[k]! * scratch[x.indices[k]!]!;
    out[r] = dot;
  }
  for (let k = 0; k < query.indices.length; k++) scratch[query.indices[k]!] = 0;
  return out;
}
