// A copy-pasteable request that exercises the webhook exactly like Asleep would.

/** A small V3 INFERENCE_COMPLETE chunk (the first 5 minutes of a night). */
export const EXAMPLE_BODY = JSON.stringify({
  event: 'INFERENCE_COMPLETE',
  version: 'V3',
  data: {
    user_id: 'demo',
    session_id: 'demo-session-1',
    seq_num: 9,
    inference_seq_num: 0,
    sleep_stages: [0, 0, 0, 1, 1, 1, 2, 2, 1, 3],
    breath_stages: null,
    snoring_stages: [0, 0, 0, 0, 0, 1, 1, 0, 0, 0],
  },
});

/** Quote for a POSIX shell: single quotes, with embedded ones closed and escaped. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlExample(url: string, apiKey: string, body = EXAMPLE_BODY): string {
  return [
    `curl -X POST ${shellQuote(url)}`,
    `  -H 'content-type: application/json'`,
    `  -H ${shellQuote(`x-api-key: ${apiKey}`)}`,
    `  -H 'x-user-id: demo'`,
    `  --data ${shellQuote(body)}`,
  ].join(' \\\n');
}
