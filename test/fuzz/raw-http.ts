import { connect } from 'node:net';

/** One HTTP/1.1 request written byte for byte: headers and bodies no client library would send. */
export interface RawRequest {
  method: string;
  /** The request target as written on the request line (not normalised). */
  target: string;
  /** Written in order; a name may repeat. */
  headers: Array<[string, string]>;
  body?: Buffer;
  /** Leave out Content-Length (for bodies sent with Transfer-Encoding, or none). */
  noContentLength?: boolean;
}

export interface RawOutcome {
  /** The status code, or undefined when the server closed without answering. */
  status?: number;
  /** The response (head and body, possibly cut), for reporting. */
  text: string;
  /** The client gave up: the server neither answered nor closed in time. */
  hung: boolean;
  /** A socket error (ECONNREFUSED means nobody listens any more). */
  error?: string;
  ms: number;
}

/** Whether `data` holds a whole response: its head, and a body by Content-Length or chunks. */
function isComplete(data: Buffer): boolean {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = data.subarray(0, end).toString('latin1').toLowerCase();
  const body = data.subarray(end + 4);
  if (/^http\/1\.[01] (1\d\d|204|304)/.test(head)) return true;
  // A live event stream (the widget's handoff events) stays open on purpose: its first event is
  // the answer.
  if (/\r\nx-switchboard-stream: *live/.test(head) && body.length > 0) return true;
  if (/\r\ntransfer-encoding: *chunked/.test(head))
    return body.subarray(-5).toString('latin1') === '0\r\n\r\n';
  const length = /\r\ncontent-length: *(\d+)/.exec(head)?.[1];
  return length !== undefined && body.length >= Number(length);
}

/** Sends `request` on a fresh connection (`Connection: close`) and reads until the server closes. */
export function sendRaw(port: number, request: RawRequest, timeoutMs: number): Promise<RawOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (extra: Partial<RawOutcome>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({
        ...(status ? { status: Number(status) } : {}),
        text: text.slice(0, 600),
        hung: false,
        ms: Date.now() - started,
        ...extra,
      });
    };
    const timer = setTimeout(() => finish({ hung: true }), timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // A complete response ends the exchange even if the server keeps the connection open
      // (streamed answers say `Connection: keep-alive` whatever the client asked).
      if (isComplete(Buffer.concat(chunks))) finish({});
    });
    socket.on('end', () => finish({}));
    socket.on('close', () => finish({}));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ error: error.code ?? error.message }),
    );
    socket.on('connect', () => {
      const body = request.body ?? Buffer.alloc(0);
      const lines = [`${request.method} ${request.target} HTTP/1.1`, 'Host: 127.0.0.1'];
      for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
      if (!request.noContentLength) lines.push(`Content-Length: ${body.length}`);
      lines.push('Connection: close', '', '');
      socket.write(Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), body]));
    });
  });
}
