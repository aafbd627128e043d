// Windows .ico and macOS .icns files holding PNG images, so electron-builder uses them as they are
// (it only converts icons with a downloaded tool, which a build without network does not have).
// ICO: ICONDIR + ICONDIRENTRY records (Microsoft, "Icons", Win32 docs); PNG entries since Windows Vista.
// ICNS: 'icns' + big-endian length, then (OSType, length, PNG) records; the OSType for each size is
// from Apple's IconFamily.h (icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512, ic10 1024,
// ic11 16@2x, ic12 32@2x, ic13 128@2x, ic14 256@2x).

export interface SizedPng {
  size: number;
  png: Buffer;
}

export function packIco(images: SizedPng[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    if (size > 256) throw new Error('ICO images are at most 256 px');
    const e = Buffer.alloc(16);
    e[0] = size === 256 ? 0 : size; // 0 means 256
    e[1] = size === 256 ? 0 : size;
    e[2] = 0; // no palette
    e[3] = 0;
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** OSType for a PNG of `size` pixels; `retina` picks the @2x slot of half that size where one exists. */
export const ICNS_TYPES: { type: string; size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 },
  { type: 'ic11', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic13', size: 256 },
  { type: 'ic14', size: 512 },
];

export function packIcns(pngBySize: Map<number, Buffer>): Buffer {
  const records: Buffer[] = [];
  for (const { type, size } of ICNS_TYPES) {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`no ${size} px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    records.push(head, png);
  }
  const body = Buffer.concat(records);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export function readIco(file: Buffer): SizedPng[] {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + 16 * i;
    const size = file[e] || 256;
    const length = file.readUInt32LE(e + 8);
    const offset = file.readUInt32LE(e + 12);
    return { size, png: file.subarray(offset, offset + length) };
  });
}

export function readIcns(file: Buffer): { type: string; png: Buffer }[] {
  if (file.toString('ascii', 0, 4) !== 'icns' || file.readUInt32BE(4) !== file.length) throw new Error('not an ICNS file');
  const out: { type: string; png: Buffer }[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at + 4);
    out.push({ type: file.toString('ascii', at, at + 4), png: file.subarray(at + 8, at + length) });
    at += length;
  }
  return out;
}
