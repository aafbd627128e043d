// The body section: the raw bytes (unchanged view) and the parsed tree as a second tab.
import { useMemo, type ReactNode } from 'react';
import type { CaptureDetail } from '../../../../shared/capture';
import { JsonTree } from './JsonTree';
import { useInspector } from './inspectorStore';
import { parseBody } from './tree';
import { Understood } from './Understood';

export function BodyTabs({ capture: c, raw }: { capture: CaptureDetail; raw: ReactNode }) {
  const tab = useInspector((s) => s.tab);
  const setTab = useInspector((s) => s.setTab);
  const parsed = useMemo(() => parseBody(c.bodyBase64 !== undefined ? undefined : c.body), [c.body, c.bodyBase64]);
  return (
    <>
      <div className="jt-tabs" role="tablist">
        <button type="button" role="tab" className="btn small" aria-selected={tab === 'raw'} data-testid="body-tab-raw" onClick={() => setTab('raw')}>
          Raw
        </button>
        <button type="button" role="tab" className="btn small" aria-selected={tab === 'tree'} data-testid="body-tab-tree" onClick={() => setTab('tree')}>
          Tree
        </button>
      </div>
      {tab === 'raw' ? (
        raw
      ) : parsed.ok ? (
        <JsonTree key={c.id} value={parsed.value} issues={c.issues} warnings={c.warnings} />
      ) : (
        <div className="note" data-testid="json-tree-unavailable">
          No tree: the body is not JSON ({parsed.error}).
        </div>
      )}
      <h3 className="jt-understood-title">What the console understood</h3>
      <Understood capture={c} />
    </>
  );
}
