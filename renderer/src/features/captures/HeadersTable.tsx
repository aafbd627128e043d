import { REDACTED_KEY } from '../../../../shared/capture';

export function HeadersTable({ headers }: { headers: Record<string, string | string[]> }) {
  const rows = Object.entries(headers).flatMap(([name, v]) => (Array.isArray(v) ? v.map((x) => [name, x] as const) : [[name, v] as const]));
  if (rows.length === 0) return <div className="faint">No headers.</div>;
  return (
    <table className="table" data-testid="capture-headers">
      <tbody>
        {rows.map(([name, value], i) => (
          <tr key={`${name}-${i}`}>
            <th className="mono">{name}</th>
            <td className={`mono ${value === REDACTED_KEY ? 'faint' : ''}`} style={{ wordBreak: 'break-all' }}>
              {value}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
