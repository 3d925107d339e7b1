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
 * The rows of `x` indexed by feature (`x` transposed, compressed by column), so a query can be
 * compared with every row while touching only the rows that share one of its features.
 */
export interface RowIndex {
  rows: number;
  /** Per feature, where its entries start in `rowOf`/`values`. */
  start: Int32Array;
  rowOf: Int32Array;
  values: Float32Array;
}

export function indexRows(x: SparseMatrix, dimension: number): RowIndex {
  const start = new Int32Array(dimension + 1);
  for (let k = 0; k < x.indices.length; k++) start[x.indices[k]! + 1]!++;
  for (let f = 0; f < dimension; f++) start[f + 1]! += start[f]!;
  const next = start.slice(0, dimension);
  const rowOf = new Int32Array(x.indices.length);
  const values = new Float32Array(x.indices.length);
  for (let r = 0; r < x.rows; r++) {
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) {
      const at = next[x.indices[k]!]!++;
      rowOf[at] = r;
      values[at] = x.values[k]!;
    }
  }
  return { rows: x.rows, start, rowOf, values };
}

/** Dot product of `query` with every row (cosines when rows and query are unit vectors). */
export function rowDotProducts(index: RowIndex, query: SparseVector): Float64Array {
  const out = new Float64Array(index.rows);
  for (let q = 0; q < query.indices.length; q++) {
    const feature = query.indices[q]!;
    const weight = query.values[q]!;
    for (let k = index.start[feature]!; k < index.start[feature + 1]!; k++)
      out[index.rowOf[k]!]! += weight * index.values[k]!;
  }
  return out;
}
