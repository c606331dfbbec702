/**
 * Draws the installable app's icons (web app manifest, issue 13) from `vigie.svg`, once: the PNGs
 * are committed under `apps/console/public/icons/`. Run again after changing the drawing:
 *   ./node_modules/.bin/node apps/console/icons/make-icons.mts
 * The drawing fills the square (no transparent corners), so the same files serve as `maskable`
 * icons: Android crops them to its own shape and the eye stays inside the safe zone.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const svg = readFileSync(here('./vigie.svg'));
const out = here('../public/icons/');
mkdirSync(out, { recursive: true });

const sizes: ReadonlyArray<[string, number]> = [
  ['icon-192.png', 192],
  ['icon-512.png', 512],
  ['maskable-512.png', 512],
  // iOS reads the apple-touch-icon link, not the manifest.
  ['apple-touch-icon.png', 180],
];
for (const [name, size] of sizes) {
  await sharp(svg, { density: 300 }).resize(size, size).png({ compressionLevel: 9 }).toFile(`${out}${name}`);
}
