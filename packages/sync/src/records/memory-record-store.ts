import type { DocumentRecord, RecordStore } from './record-store.ts';

/** Records held in memory: what a full rebuild collects before the switch makes them true. */
export class MemoryRecordStore implements RecordStore {
  readonly #bySource = new Map<string, Map<string, DocumentRecord>>();

  async list(source: string): Promise<DocumentRecord[]> {
    return [...(this.#bySource.get(source)?.values() ?? [])].sort((a, b) =>
      a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0,
    );
  }

  async get(source: string, docId: string): Promise<DocumentRecord | undefined> {
    return this.#bySource.get(source)?.get(docId);
  }

  async put(source: string, record: DocumentRecord): Promise<void> {
    const records = this.#bySource.get(source) ?? new Map<string, DocumentRecord>();
    records.set(record.docId, record);
    this.#bySource.set(source, records);
  }

  async delete(source: string, docIds: string[]): Promise<void> {
    for (const docId of docIds) this.#bySource.get(source)?.delete(docId);
  }

  async clear(source: string): Promise<void> {
    this.#bySource.delete(source);
  }

  async sources(): Promise<string[]> {
    return [...this.#bySource]
      .filter(([, records]) => records.size > 0)
      .map(([name]) => name)
      .sort();
  }
}
