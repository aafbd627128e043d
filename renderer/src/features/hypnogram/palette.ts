// Chart colours: one palette for the dark screen theme, one for paper (print, PDF, the report).
// The screen palette follows theme.css; the print palette is darker and saturated enough to read on
// white and to stay distinct in greyscale (Wake light, Deep dark; REM is also drawn thicker).

export interface Palette {
  name: 'screen' | 'print';
  text: string;
  muted: string;
  grid: string;
  axis: string;
  tooltipBg: string;
  tooltipBorder: string;
  stage: { wake: string; rem: string; light: string; deep: string; none: string };
  snoring: string;
  snoringQuiet: string;
  breathStable: string;
  breathUnstable: string;
  /** Alternating cycle bands, and their boundary lines over the stage rows. */
  cycleA: string;
  cycleB: string;
  cycleText: string;
  cycleLine: string;
  agree: string;
  differ: string;
  onlyOne: string;
  laneBg: string;
}

export const SCREEN_PALETTE: Palette = {
  name: 'screen',
  text: '#d5dce4',
  muted: '#8793a1',
  grid: '#27303b',
  axis: '#36414e',
  tooltipBg: '#1a2029',
  tooltipBorder: '#36414e',
  stage: { wake: '#e8c56a', rem: '#ef6a8a', light: '#7aa7f0', deep: '#6f86e0', none: '#3a4450' },
  snoring: '#b48ef0',
  snoringQuiet: '#2b3340',
  breathStable: '#3f8f6a',
  breathUnstable: '#e0a64a',
  cycleA: 'rgba(122, 167, 240, 0.30)',
  cycleB: 'rgba(122, 167, 240, 0.14)',
  cycleText: '#c3d2e6',
  cycleLine: 'rgba(122, 167, 240, 0.35)',
  agree: '#34404e',
  differ: '#ef6a6a',
  onlyOne: '#e0a64a',
  laneBg: 'rgba(255, 255, 255, 0.025)',
};

export const PRINT_PALETTE: Palette = {
  name: 'print',
  text: '#1b1f24',
  muted: '#4a525c',
  grid: '#d3d7dd',
  axis: '#9aa2ad',
  tooltipBg: '#ffffff',
  tooltipBorder: '#9aa2ad',
  stage: { wake: '#b7791f', rem: '#c2185b', light: '#2f6fd0', deep: '#0d2a73', none: '#c9ced6' },
  snoring: '#6a3dad',
  snoringQuiet: '#eceef2',
  breathStable: '#2e7d4f',
  breathUnstable: '#c56a00',
  cycleA: 'rgba(47, 111, 208, 0.28)',
  cycleB: 'rgba(47, 111, 208, 0.12)',
  cycleText: '#0d2a73',
  cycleLine: 'rgba(13, 42, 115, 0.35)',
  agree: '#d9dde3',
  differ: '#c62828',
  onlyOne: '#c56a00',
  laneBg: 'rgba(0, 0, 0, 0.03)',
};

/** Colour of a chart row (Y_DEEP .. Y_WAKE). */
export function rowColor(p: Palette, y: number | null | undefined): string {
  switch (y) {
    case 3:
      return p.stage.wake;
    case 2:
      return p.stage.rem;
    case 1:
      return p.stage.light;
    case 0:
      return p.stage.deep;
    default:
      return p.stage.none;
  }
}
