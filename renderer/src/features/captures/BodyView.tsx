// The body exactly as received, always as text (React escapes it; nothing is ever parsed as HTML).
import { useMemo, useState } from 'react';
import type { CaptureDetail } from '../../../../shared/capture';
import { base64ToBytes, hexdump } from '../../lib/hexdump';
import { formatBytes } from '../../lib/units';
import { CopyButton } from '../../ui/CopyButton';

function pretty(body: string): string | null {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return null;
  }
}

export function BodyView({ capture }: { capture: CaptureDetail }) {
  const [formatted, setFormatted] = useState(false);
  const hex = useMemo(() => (capture.bodyBase64 !== undefined ? hexdump(base64ToBytes(capture.bodyBase64)) : null), [capture.bodyBase64]);
  const prettyBody = useMemo(() => (capture.body ? pretty(capture.body) : null), [capture.body]);

  const truncated = capture.bodyTruncated ? (
    <div className="note">Only the start of this body was kept (rejected requests keep at most 64 KiB); {formatBytes(capture.size)} were received.</div>
  ) : null;

  if (hex !== null) {
    return (
      <>
        <div className="note">The body was not valid UTF-8, so it is shown as bytes (hex dump).</div>
        {truncated}
        <pre className="raw hex" data-testid="capture-body" data-encoding="hex">
          {hex}
        </pre>
      </>
    );
  }
  if (capture.body === undefined) return <div className="faint">The body was not stored.</div>;
  return (
    <>
      {truncated}
      <div className="row-between">
        <span className="muted">{capture.body === '' ? 'Empty body.' : 'Exactly as received:'}</span>
        <span style={{ display: 'flex', gap: 6 }}>
          {prettyBody !== null ? (
            <button type="button" className="btn small" aria-pressed={formatted} onClick={() => setFormatted(!formatted)}>
              {formatted ? 'Show raw' : 'Format JSON'}
            </button>
          ) : null}
          <CopyButton text={capture.body} what="body" label="Copy body" />
        </span>
      </div>
      {formatted && prettyBody !== null ? (
        <pre className="raw" data-testid="capture-body-formatted">
          {prettyBody}
        </pre>
      ) : (
        <pre className="raw" data-testid="capture-body" data-encoding="utf8">
          {capture.body}
        </pre>
      )}
    </>
  );
}
