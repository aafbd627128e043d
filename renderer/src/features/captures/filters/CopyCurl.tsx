// "Copy as curl": the command that re-sends this capture byte for byte (API key as $ASLEEP_API_KEY unless asked).
import { useState } from 'react';
import type { CaptureDetail } from '../../../../../shared/capture';
import { curlCommand } from '../../../../../shared/curl';
import { useStatus } from '../../status/statusStore';

export function CopyCurl({ capture }: { capture: CaptureDetail }) {
  const status = useStatus((s) => s.status);
  const [shown, setShown] = useState(false);
  const [includeKey, setIncludeKey] = useState(false);
  const [copied, setCopied] = useState(false);
  const url = status ? status.webhookUrl.replace(/\/[^/]*$/, '') + capture.path : capture.path;
  const command = curlCommand(capture, { url, apiKey: includeKey ? (status?.apiKey ?? null) : null });
  const copy = async () => {
    setShown(true);
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard permission: the command is shown to copy by hand
    }
  };
  return (
    <>
      <button type="button" className="btn small" data-testid="copy-curl" onClick={() => void copy()} title="A shell command that re-sends this capture byte for byte">
        Copy as curl
      </button>
      {shown ? (
        <div>
          <label className="faint">
            <input type="checkbox" checked={includeKey} onChange={(e) => setIncludeKey(e.target.checked)} data-testid="curl-include-key" /> include key
          </label>
          {copied ? <span className="ok"> copied</span> : null}
          <pre className="raw curl-command" data-testid="curl-command">
            {command}
          </pre>
        </div>
      ) : null}
    </>
  );
}
