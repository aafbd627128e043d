// Download the JSON Schemas (draft 2020-12) of every webhook layout the console accepts, as one file
// keyed by file name (`npm run schemas` writes them as separate files; GET /api/schemas serves them).
import { useState } from 'react';
import { getApi } from '../../../api';
import { saveFile } from '../../history/files';

export function SchemaExportButton() {
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    const r = await getApi().call('exportSchemas', {});
    if (r.ok) saveFile(r.value);
    else setError(`The schemas could not be exported: ${r.error.message}`);
  };
  return (
    <>
      <button
        type="button"
        className="btn ghost small"
        data-testid="export-schemas"
        onClick={() => void download()}
        title="Download the JSON Schema (draft 2020-12) of every Asleep layout and event the console accepts, with an index of which one applies to which body"
      >
        JSON Schemas
      </button>
      {error ? (
        <span className="bad" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
