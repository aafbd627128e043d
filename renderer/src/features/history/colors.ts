// Colours for the history canvases, read from theme.css so they match the rest of the UI.
const FALLBACK: Record<string, string> = {
  '--stage-wake': '#e8c56a',
  '--stage-rem': '#ef6a8a',
  '--stage-light': '#7aa7f0',
  '--stage-deep': '#4a63b8',
  '--green': '#4cc07a',
  '--muted': '#8793a1',
  '--faint': '#5d6875',
  '--border': '#27303b',
  '--border-strong': '#36414e',
  '--panel-2': '#1a2029',
  '--accent-dim': '#2a3f5f',
  '--text': '#d5dce4',
};

export function themeColor(name: string): string {
  const v = typeof document !== 'undefined' ? getComputedStyle(document.documentElement).getPropertyValue(name).trim() : '';
  return v || FALLBACK[name] || '#888';
}

/** Stage character (0 wake, 1 light, 2 deep, 3 REM) → colour. */
export function stageColor(c: string): string {
  switch (c) {
    case '0':
      return themeColor('--stage-wake');
    case '3':
      return themeColor('--stage-rem');
    case '1':
      return themeColor('--stage-light');
    default:
      return themeColor('--stage-deep');
  }
}
