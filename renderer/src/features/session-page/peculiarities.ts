// Plain-language meaning of Asleep's peculiarities (shared/asleep/reference.md, "Value sets").
// Unknown ones are shown as sent, never rejected.

export interface PeculiarityText {
  code: string;
  /** One sentence a clinician can read. */
  text: string;
  /** True when Asleep documents the code. */
  known: boolean;
  /** True when Asleep sends `stat: null` with this code (no server statistics). */
  noStat: boolean;
}

const TEXTS: Record<string, { text: string; noStat?: boolean }> = {
  IN_PROGRESS: {
    text: 'The session was still being recorded when this report was made, so Asleep sent no statistics.',
    noStat: true,
  },
  NEVER_SLEPT: { text: 'Asleep detected no sleep in this session.' },
  TOO_SHORT_FOR_ANALYSIS: {
    text: 'The session is too short to analyse (under 20 minutes per Asleep’s documentation; the seed document says 5), so Asleep sent no statistics.',
    noStat: true,
  },
  TOO_LONG_FOR_ANALYSIS: { text: 'The session is longer than 24 hours, more than Asleep analyses.' },
  TOO_MANY_DEFECTS_IN_SLEEP_STAGES: {
    text: 'Too many epochs of the night have no usable sleep stage (for example gaps in the audio), so Asleep sent no statistics.',
    noStat: true,
  },
  NO_BREATHING_STABILITY: {
    text: 'Breathing-stability analysis is not part of this plan: there is no breathing track and no breathing statistics.',
  },
  NO_REALTIME_POLLING: {
    text: 'The session was not analysed in real time (no real-time polling), so Asleep sent no statistics.',
    noStat: true,
  },
};

export function explainPeculiarity(code: string): PeculiarityText {
  const known = Object.hasOwn(TEXTS, code) ? TEXTS[code] : undefined;
  if (!known) return { code, text: `${code}: not documented by Asleep.`, known: false, noStat: false };
  return { code, text: known.text, known: true, noStat: known.noStat === true };
}
