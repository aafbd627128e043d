import type { SampleSendResult } from '../../../shared/contract';
import flatInference from '../../../shared/asleep/examples/flat-inference-complete.json';
import flatSession from '../../../shared/asleep/examples/flat-session-complete.json';
import v1Inference from '../../../shared/asleep/examples/v1-inference-complete.json';
import v2Inference from '../../../shared/asleep/examples/v2-inference-complete.json';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import v3Session from '../../../shared/asleep/examples/v3-session-complete.json';

/** The example payloads of every layout, in an order that tells a story: chunks, a repeat, a finished night. */
export const SAMPLES: { name: string; userId: string; body: unknown }[] = [
  { name: 'V3 INFERENCE_COMPLETE', userId: v3Inference.data.user_id, body: v3Inference },
  { name: 'V3 SESSION_COMPLETE', userId: v3Session.data.user_id, body: v3Session },
  { name: 'V1 INFERENCE_COMPLETE', userId: v1Inference.callback_data.user_id, body: v1Inference },
  { name: 'V2 INFERENCE_COMPLETE (same chunk again)', userId: v2Inference.callback_data.user_id, body: v2Inference },
  { name: 'Flat INFERENCE_COMPLETE (seed document)', userId: flatInference.user_id, body: flatInference },
  { name: 'Flat SESSION_COMPLETE (seed document)', userId: flatSession.user_id, body: flatSession },
];

/** Post every sample through the real listener, exactly as a sender would. */
export async function sendSamples(webhookUrl: string, apiKey: string): Promise<SampleSendResult[]> {
  const results: SampleSendResult[] = [];
  for (const sample of SAMPLES) {
    try {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-user-id': sample.userId },
        body: JSON.stringify(sample.body, null, 2),
      });
      const answer = (await res.json().catch(() => null)) as { capture?: string } | null;
      results.push({ name: sample.name, status: res.status, captureId: answer?.capture ?? null, error: null });
    } catch (err) {
      results.push({ name: sample.name, status: null, captureId: null, error: `Could not reach ${webhookUrl}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return results;
}
