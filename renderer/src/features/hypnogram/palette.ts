// Chart colours, read from the CSS theme so the canvas matches the rest of the UI.
const FALLBACK: Record<string, string> = {
  '--stage-rem': '#ef6a8a',
  '--snore': '#b48ef0',
  '--muted': '#8793a1',
  '--border': '#27303b',
  '--text': '#d5dce4',
  '--panel-2': '#1a2029',
  '--border-strong': '#36414e',
};

export function cssColor(name: string): string {
  const v = typeof document !== 'undefined' ? getComputedStyle(document.documentElement).getPropertyValue(name).trim() : '';
  return v || FALLBACK[name] || '#888';
}

export const STAGE_LINE = '#a9bad0';
export const SNORE_FILL = 'rgba(180, 142, 240, 0.45)';
