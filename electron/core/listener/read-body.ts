import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'too-large'; head: Buffer; size: number }
  | { kind: 'aborted'; head: Buffer; size: number };

/**
 * Read a request body up to `limit` bytes. Past the limit it stops keeping data and reports
 * `too-large` at once (the caller answers 413 and closes the connection); `keep` bytes of the
 * start are kept so the rejected capture still shows what was sent.
 */
export function readBody(req: IncomingMessage, limit: number, keep: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    // Already cut off (a request held before it was read, then timed out): 'close' will not come again.
    if (req.destroyed && !req.complete) return resolve({ kind: 'aborted', head: Buffer.alloc(0), size: 0 });
    // A declared length over the limit is refused without reading more than the part we keep.
    const declared = Number(req.headers['content-length']);
    const declaredTooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (declaredTooLarge && size >= keep) {
        req.pause();
        chunks.push(chunk);
        finish({ kind: 'too-large', head: Buffer.concat(chunks).subarray(0, keep), size: declared });
        return;
      }
      if (size > limit) {
        req.pause();
        finish({ kind: 'too-large', head: Buffer.concat(chunks).subarray(0, keep), size });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      finish(declaredTooLarge ? { kind: 'too-large', head: body.subarray(0, keep), size: declared } : { kind: 'ok', body });
    });
    req.on('error', () => finish({ kind: 'aborted', head: Buffer.concat(chunks).subarray(0, keep), size }));
    req.on('close', () => finish({ kind: 'aborted', head: Buffer.concat(chunks).subarray(0, keep), size }));
  });
}
