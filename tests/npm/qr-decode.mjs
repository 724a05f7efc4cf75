// Reads a QR SVG from qrSvg() back into text: rasterises its path (M x y h w v1 H x z runs)
// and decodes the pixels with jsQR, an independent decoder.
import jsQR from 'jsqr';

export function decodeQrSvg(svg, scale = 4) {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)[1]);
  const path = / d="([^"]*)"/.exec(svg)[1];
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1H\d+z/g)) {
    for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py++) {
      for (let qx = Number(x) * scale; qx < (Number(x) + Number(w)) * scale; qx++) {
        rgba.fill(0, (py * px + qx) * 4, (py * px + qx) * 4 + 3);
      }
    }
  }
  return jsQR(rgba, px, px)?.data ?? null;
}
