// The app icon (the favicon's motif: a crescent moon over a webhook pulse on the dark panel) and the
// tray icons (a status disc in the UI's green / amber / red with a glyph, so the state does not
// depend on seeing colour: ✓, !, ×).
import { capsule, circle, hex, minus, polyline, rasterize, roundedRect, union, type Colour, type Layer } from './raster';
import type { Rgba } from './png';

// Colours from renderer/src/ui/theme.css.
const PANEL_TOP = hex('#1a2029');
const PANEL_BOTTOM = hex('#0e1116');
const MOON = hex('#7aa7f0');
const PULSE = hex('#ef6a8a');
const GLYPH = hex('#0e1116');
export const TRAY_COLOURS = { ok: '#4cc07a', attention: '#e0a64a', down: '#ef6a6a' } as const;
export type TrayIconLevel = keyof typeof TRAY_COLOURS;

const mix = (a: Colour, b: Colour, t: number): Colour => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t, a[3] + (b[3] - a[3]) * t];

/*
 * renderer/public/favicon.svg, 32×32 units. Its moon is the path
 * "M20.5 6.5 a10 10 0 1 0 5 15.4 A8 8 0 0 1 20.5 6.5z": an arc of radius 10 and one back of radius 8.
 * The chord (20.5,6.5)–(25.5,21.9) is 16.19 long, so the radius-8 arc is scaled up by SVG's rules to
 * half the chord (8.095) and centred on the chord's middle (23,14.2); the radius-10 arc's centre is
 * 5.871 from the middle on the large-arc side, at (17.42,16.01). Moon = big disc minus small disc.
 */
const APP_LAYERS: Layer[] = [
  { shape: roundedRect(0, 0, 32, 32, 7), paint: (_x, y) => mix(PANEL_TOP, PANEL_BOTTOM, y / 32) },
  { shape: minus(circle(17.42, 16.01, 10), circle(23, 14.2, 8.095)), paint: MOON },
  {
    shape: polyline(
      [
        [5, 25],
        [9, 25],
        [11, 20],
        [14, 28],
        [17, 17],
        [19, 25],
        [27, 25],
      ],
      1.8,
    ),
    paint: PULSE,
  },
];

/** `mac`: drawn on Apple's icon grid (824 of 1024 px, the rest transparent) like other macOS apps. */
export function appIcon(size: number, options: { mac?: boolean } = {}): Rgba {
  return rasterize(APP_LAYERS, 32, size, { margin: options.mac ? (size * 100) / 1024 : 0 });
}

/** 16×16 units: a disc with a thin darker rim (visible on light and dark panels) and the glyph. */
export function trayIcon(level: TrayIconLevel, size: number): Rgba {
  const fill = hex(TRAY_COLOURS[level]);
  const rim = mix(fill, hex('#000000'), 0.45);
  const glyph =
    level === 'ok'
      ? polyline(
          [
            [4.7, 8.3],
            [7.0, 10.6],
            [11.3, 5.7],
          ],
          1.9,
        )
      : level === 'attention'
        ? union(capsule(8, 4.1, 8, 8.9, 1.0), circle(8, 11.8, 1.1))
        : union(capsule(5.4, 5.4, 10.6, 10.6, 0.95), capsule(10.6, 5.4, 5.4, 10.6, 0.95));
  return rasterize(
    [
      { shape: circle(8, 8, 7.5), paint: rim },
      { shape: circle(8, 8, 6.6), paint: fill },
      { shape: glyph, paint: GLYPH },
    ],
    16,
    size,
    { samples: 16 },
  );
}
