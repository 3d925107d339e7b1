/** A scored candidate; ties rank by id so results do not depend on insertion order. */
export interface Candidate {
  id: string;
  score: number;
}

function better(a: Candidate, b: Candidate): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

/**
 * Keeps the `limit` best candidates with a bounded min-heap (O(n log k) instead of sorting every
 * match of a common term) and returns them best first.
 */
export class TopK<T extends Candidate> {
  private readonly heap: T[] = [];

  constructor(private readonly limit: number) {}

  offer(candidate: T): void {
    const heap = this.heap;
    if (heap.length < this.limit) {
      heap.push(candidate);
      this.siftUp(heap.length - 1);
    } else if (heap.length > 0 && better(candidate, heap[0] as T)) {
      heap[0] = candidate;
      this.siftDown(0);
    }
  }

  /** The kept candidates, best first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  }

  // Min-heap on "better": the root is the worst kept candidate.
  private siftUp(index: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(heap[parent] as T, heap[i] as T)) break;
      [heap[parent], heap[i]] = [heap[i] as T, heap[parent] as T];
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && better(heap[worst] as T, heap[left] as T)) worst = left;
      if (right < heap.length && better(heap[worst] as T, heap[right] as T)) worst = right;
      if (worst === i) return;
      [heap[worst], heap[i]] = [heap[i] as T, heap[worst] as T];
      i = worst;
    }
  }
}
