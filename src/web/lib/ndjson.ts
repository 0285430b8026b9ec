/**
 * Splits a stream of newline-delimited JSON that arrives in arbitrary chunks. `push` returns
 * the complete lines of the chunk, parsed; a partial last line waits for the next chunk.
 */
export class NdjsonSplitter {
  private rest = '';

  push(chunk: string): unknown[] {
    this.rest += chunk;
    const lines = this.rest.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  }

  /** The last line when the stream ends without a trailing newline. */
  end(): unknown[] {
    const last = this.rest.trim();
    this.rest = '';
    return last ? [JSON.parse(last) as unknown] : [];
  }
}
