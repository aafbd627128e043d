// Shapes as point-in-shape tests, rasterized with n×n supersampling (coverage anti-aliasing).
import type { Rgba } from './png';

export type Shape = (x: number, y: number) => boolean;
export type Colour = readonly [number, number, number, number];
export type Paint = Colour | ((x: number, y: number) => Colour);

export interface Layer {
  shape: Shape;
  paint: Paint;
}

export const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

export const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };

/** A stroked segment with round caps. */
export const capsule =
  (ax: number, ay: number, bx: number, by: number, r: number): Shape =>
  (x, y) => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy || 1)));
    return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= r * r;
  };

/** A polyline stroked with round joins and caps, `width` wide. */
export function polyline(points: readonly (readonly [number, number])[], width: number): Shape {
  const parts = points.slice(1).map((p, i) => capsule(points[i]![0], points[i]![1], p[0], p[1], width / 2));
  return union(...parts);
}

export const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

export const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

export const hex = (h: string, alpha = 1): Colour => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), alpha];

/**
 * Render `layers` (painted in order, later ones on top) designed in a `units`×`units` box into
 * `size`×`size` pixels, the box placed `margin` pixels in from each edge.
 */
export function rasterize(layers: readonly Layer[], units: number, size: number, options: { margin?: number; samples?: number } = {}): Rgba {
  const margin = options.margin ?? 0;
  const n = options.samples ?? (size <= 64 ? 8 : 4);
  const scale = units / (size - 2 * margin);
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Premultiplied sums over the samples.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n - margin) * scale;
          const y = (py + (sy + 0.5) / n - margin) * scale;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue;
            const [lr, lg, lb, la] = typeof layer.paint === 'function' ? layer.paint(x, y) : layer.paint;
            // "over" compositing, premultiplied
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const count = n * n;
      const o = (py * size + px) * 4;
      const alpha = a / count;
      data[o] = alpha > 0 ? Math.round(r / count / alpha) : 0;
      data[o + 1] = alpha > 0 ? Math.round(g / count / alpha) : 0;
      data[o + 2] = alpha > 0 ? Math.round(b / count / alpha) : 0;
      data[o + 3] = Math.round(alpha * 255);
    }
  }
  return { width: size, height: size, data };
}
