/**
 * `BENCH_ONLY=terrain npm run bench`: Lighthouse-style measures of « Terrain » on a mid-range phone
 * profile (issue 13): the app shell opening offline, the screen at 360 px, the bytes of a first
 * visit and of the service worker's background precache. See bench/README.md "Terrain".
 * No database: the console is served as `createApp` serves it, the API stubbed (console-weight.mts).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import fastify from 'fastify';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import {
  consoleFiles,
  consoleToMeasure,
  type FileWeight,
  kb,
  launchChromium,
  recordWire,
  serveCurrent,
  stubApi,
  wholeConsole,
} from './console-weight.mts';
import { machine } from './report.mts';
import { summarize, type Stats } from './stats.mts';

export interface TerrainContext {
  root: string;
  resultsDirectory: string;
  log: (message: string) => void;
}

/** A mid-range Android phone, as Lighthouse's mobile profile: 360 px wide, touch, 4× slower CPU. */
const PHONE = { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const CPU_SLOWDOWN = 4;
const TARGETS = { offlineShellMs: 2000, minButtonPx: 48, firstVisitWireBytes: 250 * 1024 };
const ROUTE = '#/terrain';
/** The light field app (src/field/, no react-admin): what the installed app opens (`start_url`). */
const LIGHT_ROUTE = 'terrain.html';

/** What the server wrote for one request (status line, headers and body), by socket byte counts. */
interface ServedRequest {
  path: string;
  /** `Sec-Fetch-Dest`: `empty` for fetch() calls, as the service worker's precache makes them. */
  dest: string;
  bytes: number;
}

/** The main controls of the screen, by test id: each must be at least 48 px tall. */
const MAIN_BUTTONS = [
  'terrain-save',
  'terrain-locate',
  'terrain-map-toggle',
  'terrain-now',
  'terrain-add-incident',
  'terrain-photos-take',
  'terrain-outbox-link',
  'terrain-kind-eviction',
  'terrain-stepper-peopleEvicted-minus',
  'terrain-stepper-peopleEvicted-plus',
  'terrain-tri-shelterOffered-yes',
  'terrain-tri-shelterOffered-no',
  'terrain-tri-shelterOffered-unknown',
];

/**
 * Runs in every document before the app: notes the time (from navigation start) at which the
 * Terrain screen is first laid out with a size, checked at every frame.
 */
const WATCH_TERRAIN = `(() => {
  const check = () => {
    const page = document.querySelector('[data-testid="terrain-page"]');
    if (page && page.getBoundingClientRect().height > 0) {
      window.__terrainVisibleAt = performance.now();
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function asPhone(page: Page): Promise<void> {
  await page.setViewport(PHONE);
  await page.emulateCPUThrottling(CPU_SLOWDOWN);
  await page.evaluateOnNewDocument(WATCH_TERRAIN);
}

/** Milestones of one load, in ms from navigation start. */
interface Milestones {
  /** The HTML answered (by the service worker when offline). */
  document: number;
  /** The app's scripts loaded and run (module scripts run before DOMContentLoaded). */
  scripts: number;
  /** The Terrain screen laid out, its draft read: the measure. */
  terrain: number;
}

async function terrainVisibleAt(page: Page): Promise<number> {
  return (await loadMilestones(page)).terrain;
}

async function loadMilestones(page: Page): Promise<Milestones> {
  await page.waitForFunction(
    () => typeof (window as unknown as { __terrainVisibleAt?: number }).__terrainVisibleAt === 'number',
    { timeout: 60_000, polling: 50 },
  );
  return page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      document: round(navigation?.responseEnd ?? 0),
      scripts: round(navigation?.domContentLoadedEventEnd ?? 0),
      terrain: round((window as unknown as { __terrainVisibleAt: number }).__terrainVisibleAt),
    };
  });
}

const median = (values: number[]): number => summarize(values).median;

/** The median of each milestone over a series of loads. */
function medianMilestones(loads: Milestones[]): Milestones {
  return {
    document: median(loads.map((load) => load.document)),
    scripts: median(loads.map((load) => load.scripts)),
    terrain: median(loads.map((load) => load.terrain)),
  };
}

/** The screen at 360 px: horizontal overflow, and the height of every button and select on it. */
async function usability(page: Page) {
  return page.evaluate((main: string[]) => {
    const root = document.querySelector('[data-testid="terrain-page"]');
    const controls = Array.from(root?.querySelectorAll('button, select') ?? [])
      .map((element) => ({
        control: element.getAttribute('data-testid') ?? element.textContent?.trim() ?? element.tagName,
        box: element.getBoundingClientRect(),
      }))
      .filter(({ box }) => box.width > 0 && box.height > 0)
      .map(({ control, box }) => ({ control, heightPx: Math.round(box.height * 10) / 10 }));
    const heightOf = (id: string) => {
      const box = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
      return box && box.height > 0 ? Math.round(box.height * 10) / 10 : null;
    };
    return {
      viewportWidth: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      controls: controls.length,
      minControlPx: Math.min(...controls.map((control) => control.heightPx)),
      belowTarget: controls.filter((control) => control.heightPx < 48),
      mainButtons: main.map((id) => ({ control: id, heightPx: heightOf(id) })),
    };
  }, MAIN_BUTTONS);
}

interface Measured {
  firstVisit: { files: FileWeight[]; wireBytes: number; decodedBytes: number; serverBytes: number };
  /** `notDownloadedAgain`: the visit's files the worker took from the HTTP cache (not refetched). */
  precache: { requests: number; bytes: number; files: ServedRequest[]; notDownloadedAgain: string[] };
  offline: {
    reload: Stats;
    newTab: Stats;
    samples: { reload: number[]; newTab: number[] };
    milestones: { reload: Milestones; newTab: Milestones };
    /** Requests that still reached the server (and were refused), with their `Sec-Fetch-Dest`. */
    requestsReachingServer: string[];
  };
  screen: Awaited<ReturnType<typeof usability>>;
}

async function measure(
  browser: Browser,
  baseUrl: string,
  served: ServedRequest[],
  state: { down: boolean; refused: string[] },
  runs: number,
  log: (message: string) => void,
  route: string = ROUTE,
): Promise<Measured> {
  // Each measure counts only its own requests.
  served.length = 0;
  state.refused.length = 0;
  // One online visit in a fresh profile: the page's files counted by Chromium, the service
  // worker's precache by the server (its requests are not the page's).
  const context: BrowserContext = await browser.createBrowserContext();
  const page = await context.newPage();
  await asPhone(page);
  const wire = await recordWire(page);
  await page.goto(`${baseUrl}/${route}`, { waitUntil: 'networkidle0', timeout: 120_000 });
  await terrainVisibleAt(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const files = consoleFiles(wire, baseUrl);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const pagePaths = new Set(files.map((file) => file.path));
  const precache = served.filter((request) => request.dest === 'empty' && !request.path.startsWith('/api/'));
  const fromVisit = [...pagePaths].filter((path) => !precache.some((request) => request.path === path));
  const firstVisit = {
    files,
    wireBytes: sum(files.map((file) => file.wireBytes)),
    decodedBytes: sum(files.map((file) => file.decodedBytes)),
    serverBytes: sum(
      served
        .filter((request) => request.dest !== 'empty' && pagePaths.has(request.path))
        .map((request) => request.bytes),
    ),
  };
  log(
    `terrain ${route}: first visit ${kb(firstVisit.wireBytes)} in ${files.length} files; precache ${kb(sum(precache.map((r) => r.bytes)))}`,
  );

  // The installed app, with the network cut: every request that still reaches the server is refused.
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 30_000 });
  await terrainVisibleAt(page);
  state.down = true;
  const reload: number[] = [];
  const newTab: number[] = [];
  const loads: { reload: Milestones[]; newTab: Milestones[] } = { reload: [], newTab: [] };
  let screen: Measured['screen'] | null = null;
  try {
    await page.setOfflineMode(true);
    for (let run = 0; run < runs; run += 1) {
      await page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
      const load = await loadMilestones(page);
      loads.reload.push(load);
      reload.push(load.terrain);
      screen ??= await usability(page);
    }
    // As after a phone restart: no page of the app alive, only what the browser kept on disk.
    await page.close();
    for (let run = 0; run < runs; run += 1) {
      const tab = await context.newPage();
      await asPhone(tab);
      await tab.setOfflineMode(true);
      await tab.goto(`${baseUrl}/${route}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const load = await loadMilestones(tab);
      loads.newTab.push(load);
      newTab.push(load.terrain);
      await tab.close();
    }
  } finally {
    state.down = false;
    await context.close();
  }
  log(
    `terrain ${route}: offline reload median ${summarize(reload).median} ms, new tab ${summarize(newTab).median} ms`,
  );
  return {
    firstVisit,
    precache: {
      requests: precache.length,
      bytes: sum(precache.map((request) => request.bytes)),
      files: precache,
      notDownloadedAgain: fromVisit,
    },
    offline: {
      reload: summarize(reload),
      newTab: summarize(newTab),
      samples: { reload, newTab },
      milestones: { reload: medianMilestones(loads.reload), newTab: medianMilestones(loads.newTab) },
      requestsReachingServer: state.refused,
    },
    screen: screen!,
  };
}

const METHOD = [
  'The console is built with `vite build` into a temporary directory (or `BENCH_CONSOLE_DIR`) and served on 127.0.0.1 by fastify with the compiled `serveConsole` and `@fastify/compress` settings that `createApp` uses (precompressed brotli files); `/api/*` is stubbed as in `console-weight` (`/api/auth/me` answers an observer, every other call an empty list), so only the console is measured.',
  `Phone profile: Chromium headless, viewport 360×740 at device scale 2, \`isMobile\` and touch, CPU slowed ${CPU_SLOWDOWN}× (\`page.emulateCPUThrottling\`, Lighthouse's mobile setting). No network throttling: loopback, so the offline figures are the app's own work on a slow CPU; the first-visit figures are bytes, not time.`,
  "First visit: a fresh browser context (no cache, no service worker), `/terrain.html` (the light field app; then, for comparison, the console's `#/terrain`) signed in, until the network is idle. Bytes on the wire = CDP `Network.loadingFinished.encodedDataLength` (compressed body and headers) of each of the page's requests for the console's own files (API calls left out), as in `console-weight`. The server's own count (socket bytes written per response) is given beside it.",
  "Background precache: the service worker installs after the first load and downloads every file of its precache list; its requests are not the page's, so they are counted at the server: the bytes written on the socket for each request with `Sec-Fetch-Dest: empty` outside `/api` (fetch() calls: Workbox's precache) until `navigator.serviceWorker.ready`, plus 1 s.",
  'Offline app shell: after that visit and one online reload (the worker controls the page), the page is set offline (`page.setOfflineMode(true)`) and the server refuses any request that still reaches it (counted). Time = from navigation start (`performance.timeOrigin`) to the first animation frame where `[data-testid="terrain-page"]` has a size (a script injected before the app checks every frame), i.e. the form ready to use, its draft read from IndexedDB. Measured on `BENCH_TERRAIN_RUNS` reloads of the same tab, then as many new tabs (as after a phone restart: no page of the app alive). Verdict on the slowest run of either kind.',
  'Screen at 360 px: on the offline-loaded screen, `document.documentElement.scrollWidth` against the viewport width (no horizontal overflow), and the height (`getBoundingClientRect`) of every visible button and select inside the Terrain screen, with the main ones listed by test id. Target: none under 48 px.',
];

/** How much of the visit is the base chunk, and which libraries make it. */
function vendorNote(files: FileWeight[], vendor: PackageShare[]): string[] {
  const base = files.find((file) => /\/vendor-[^/]+\.js$/.test(file.path));
  const total = files.reduce((sum, file) => sum + file.wireBytes, 0);
  if (!base) return [];
  const lines = [
    `The base chunk \`${base.path}\` (React, react-admin, MUI and what they need, loaded by every screen) is ${kb(base.wireBytes)}, ${Math.round((base.wireBytes / total) * 100)} % of the visit; the rest, our code for the layout and « Terrain », ${kb(total - base.wireBytes)}. ${base.wireBytes >= TARGETS.firstVisitWireBytes ? `The base chunk alone is over the ${kb(TARGETS.firstVisitWireBytes)} target: splitting our screens further cannot meet it; only a lighter base for « Terrain » (a screen that does not load react-admin and MUI's full set) would.` : ''}`,
  ];
  if (vendor.length > 0) {
    const sum = vendor.reduce((total, entry) => total + entry.sourceBrotliBytes, 0);
    lines.push(
      '',
      "What the base chunk is made of, by package (from its source map: each package's sources before minification, brotli-compressed; a ranking, not the bytes shipped):",
      '',
      '| package | share |',
      '| ------- | ----: |',
      ...vendor
        .slice(0, 12)
        .map(
          (entry) => `| \`${entry.name}\` | ${Math.round((entry.sourceBrotliBytes / sum) * 1000) / 10} % |`,
        ),
    );
  }
  return lines;
}

/** The requests made offline, counted by kind. */
function offlineRequests(requests: string[]): string {
  if (requests.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request, (counts.get(request) ?? 0) + 1);
  return [...counts].map(([request, count]) => `\`${request}\` × ${count}`).join(', ');
}

/** One library's share of the base chunk, from its source map. */
interface PackageShare {
  name: string;
  /** Its sources as written (before minification), brotli-compressed: a relative weight only. */
  sourceBrotliBytes: number;
}

/**
 * What the base chunk (`vendor-*.js`) is made of, by package, from its source map's
 * `sourcesContent`: each package's sources compressed together. Minification changes the
 * absolute figures, so this ranks the libraries rather than giving the bytes they ship.
 */
function vendorPackages(directory: string): PackageShare[] {
  const assets = join(directory, 'assets');
  const map = existsSync(assets)
    ? readdirSync(assets).find((name) => /^vendor-.*\.js\.map$/.test(name))
    : undefined;
  if (!map) return [];
  const parsed = JSON.parse(readFileSync(join(assets, map), 'utf8')) as {
    sources: string[];
    sourcesContent?: (string | null)[];
  };
  const byPackage = new Map<string, string[]>();
  parsed.sources.forEach((source, index) => {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? '(our code)';
    byPackage.set(name, [...(byPackage.get(name) ?? []), parsed.sourcesContent?.[index] ?? '']);
  });
  return [...byPackage]
    .map(([name, sources]) => ({
      name,
      sourceBrotliBytes: brotliCompressSync(Buffer.from(sources.join('\n')), {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 9 },
      }).length,
    }))
    .sort((a, b) => b.sourceBrotliBytes - a.sourceBrotliBytes);
}

type Verdict = { target: string; measured: string; met: boolean };

function verdicts(result: Measured): Record<string, Verdict> {
  const slowest = Math.max(result.offline.reload.max, result.offline.newTab.max);
  const mainMin = Math.min(
    ...result.screen.mainButtons.map((button) => button.heightPx ?? Number.POSITIVE_INFINITY),
  );
  return {
    offlineShell: {
      target: `< ${TARGETS.offlineShellMs} ms (slowest run)`,
      measured: `median ${result.offline.reload.median} ms (reload), ${result.offline.newTab.median} ms (new tab); slowest ${slowest} ms`,
      met:
        slowest < TARGETS.offlineShellMs &&
        result.offline.requestsReachingServer.every((request) => request.includes('/sw.js')),
    },
    noHorizontalOverflow: {
      target: 'scrollWidth ≤ 360',
      measured: `scrollWidth ${result.screen.scrollWidth}, viewport ${result.screen.viewportWidth}`,
      met: result.screen.scrollWidth <= result.screen.viewportWidth && result.screen.viewportWidth === 360,
    },
    buttonHeights: {
      target: `every button ≥ ${TARGETS.minButtonPx} px`,
      measured: `min ${result.screen.minControlPx} px over ${result.screen.controls} controls (main buttons min ${mainMin} px)`,
      met:
        result.screen.belowTarget.length === 0 &&
        result.screen.mainButtons.every((button) => button.heightPx !== null) &&
        result.screen.minControlPx >= TARGETS.minButtonPx,
    },
    firstVisitBytes: {
      target: `< ${kb(TARGETS.firstVisitWireBytes)} compressed`,
      measured: kb(result.firstVisit.wireBytes),
      met: result.firstVisit.wireBytes < TARGETS.firstVisitWireBytes,
    },
  };
}

function markdown(report: {
  date: string;
  loadAverage: { atStart: number[]; atEnd: number[] };
  cpu: { model: string; count: number };
  result: Measured;
  verdicts: Record<string, Verdict>;
  wholeConsole: { files: number; wireBytes: number; rawBytes: number };
  runs: number;
  vendor: PackageShare[];
  consoleRoute: {
    route: string;
    firstVisit: Measured['firstVisit'];
    offline: { reload: Stats; newTab: Stats };
  };
}): string {
  const { result } = report;
  const row = (name: string, verdict: Verdict) =>
    `| ${name} | ${verdict.target} | ${verdict.measured} | ${verdict.met ? 'met' : '**not met**'} |`;
  const busy = (report.loadAverage.atStart[0] ?? 0) > report.cpu.count / 2;
  const lines = [
    '# « Terrain » on a mid-range phone: Lighthouse-style measures',
    '',
    `Run ${report.date} (\`BENCH_ONLY=terrain npm run bench\`), ${report.cpu.count} × ${report.cpu.model}; load average ${report.loadAverage.atStart.join(' ')} at the start, ${report.loadAverage.atEnd.join(' ')} at the end${busy ? ' — **the machine was busy with other work: the times are inflated**' : ''}.`,
    '',
    '| measure | target | measured | verdict |',
    '| ------- | ------ | -------- | ------- |',
    row('App shell offline (navigation → Terrain usable), 4× CPU', report.verdicts.offlineShell!),
    row('No horizontal overflow at 360 px', report.verdicts.noHorizontalOverflow!),
    row('Button heights on Terrain', report.verdicts.buttonHeights!),
    row('First visit of « Terrain », bytes on the wire', report.verdicts.firstVisitBytes!),
    '',
    `Measured on the light field app \`/${LIGHT_ROUTE}\` (no react-admin; the installed app opens there). The console's own \`${report.consoleRoute.route}\`, for comparison: first visit **${kb(report.consoleRoute.firstVisit.wireBytes)}** in ${report.consoleRoute.firstVisit.files.length} files; offline median ${report.consoleRoute.offline.reload.median} ms (reload), ${report.consoleRoute.offline.newTab.median} ms (new tab), slowest ${Math.max(report.consoleRoute.offline.reload.max, report.consoleRoute.offline.newTab.max)} ms.`,
    '',
    `Reported separately (no target): the service worker's background precache after a first visit, **${kb(result.precache.bytes)}** in ${result.precache.requests} requests; the whole console as a brotli client receives it, ${kb(report.wholeConsole.wireBytes)} (${report.wholeConsole.files} files, ${kb(report.wholeConsole.rawBytes)} uncompressed).`,
    '',
    '## App shell offline',
    '',
    `${report.runs} runs of each kind. Requests that still reached the server while the page was offline (refused at once): ${offlineRequests(result.offline.requestsReachingServer)}.`,
    '',
    '| kind | median | p95 | min | max | samples (ms) |',
    '| ---- | -----: | --: | --: | --: | ------------ |',
    `| reload of the open app | ${result.offline.reload.median} ms | ${result.offline.reload.p95} ms | ${result.offline.reload.min} ms | ${result.offline.reload.max} ms | ${result.offline.samples.reload.map(Math.round).join(', ')} |`,
    `| new tab (as after a phone restart) | ${result.offline.newTab.median} ms | ${result.offline.newTab.p95} ms | ${result.offline.newTab.min} ms | ${result.offline.newTab.max} ms | ${result.offline.samples.newTab.map(Math.round).join(', ')} |`,
    '',
    "Where the time goes (medians, ms from navigation start): the HTML answered by the service worker, the app's scripts loaded and run (`DOMContentLoaded`: parsing and running the base chunk dominates on a 4× slower CPU), then the Terrain screen drawn (React, the route's chunks, the draft read from IndexedDB).",
    '',
    '| kind | HTML | scripts run | Terrain usable |',
    '| ---- | ---: | ----------: | -------------: |',
    ...(['reload', 'newTab'] as const).map((kind) => {
      const milestones = result.offline.milestones[kind];
      return `| ${kind === 'reload' ? 'reload' : 'new tab'} | ${milestones.document} | ${milestones.scripts} | ${milestones.terrain} |`;
    }),
    '',
    '## Screen at 360 px',
    '',
    `Viewport ${result.screen.viewportWidth} px, page ${result.screen.scrollWidth} px wide. ${result.screen.controls} buttons and selects, smallest ${result.screen.minControlPx} px${result.screen.belowTarget.length > 0 ? `; under 48 px: ${result.screen.belowTarget.map((control) => `\`${control.control}\` ${control.heightPx} px`).join(', ')}` : ''}.`,
    '',
    '| main button | height |',
    '| ----------- | -----: |',
    ...result.screen.mainButtons.map(
      (button) =>
        `| \`${button.control}\` | ${button.heightPx === null ? 'not shown' : `${button.heightPx} px`} |`,
    ),
    '',
    '## First visit of « Terrain »',
    '',
    `${kb(result.firstVisit.wireBytes)} on the wire in ${result.firstVisit.files.length} files (${kb(result.firstVisit.decodedBytes)} uncompressed; the server wrote ${kb(result.firstVisit.serverBytes)} for them). Target ${kb(TARGETS.firstVisitWireBytes)}: ${report.verdicts.firstVisitBytes!.met ? 'met' : `**not met**, ${kb(result.firstVisit.wireBytes - TARGETS.firstVisitWireBytes)} over`}.`,
    '',
    '| file | on the wire | uncompressed |',
    '| ---- | ----------: | -----------: |',
    ...result.firstVisit.files.map(
      (file) => `| \`${file.path}\` | ${kb(file.wireBytes)} | ${kb(file.decodedBytes)} |`,
    ),
    '',
    ...vendorNote(result.firstVisit.files, report.vendor),
    '',
    '## Background precache',
    '',
    `${kb(result.precache.bytes)} in ${result.precache.requests} requests, downloaded by the service worker after the first load, so that every screen opens offline (docs/decisions.md, 2026-12-06 « Offline capture »). ${result.precache.notDownloadedAgain.length} of the visit's ${result.firstVisit.files.length} files were not downloaded again (the worker got them from the HTTP cache: content-hashed assets are immutable): first visit + precache = ${kb(result.firstVisit.wireBytes + result.precache.bytes)}, the whole console once. Largest:`,
    '',
    '| file | bytes written |',
    '| ---- | ------------: |',
    ...[...result.precache.files]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 12)
      .map((file) => `| \`${file.path}\` | ${kb(file.bytes)} |`),
    '',
    '## Method',
    '',
    ...METHOD.map((line) => `- ${line}`),
    '',
  ];
  return lines.join('\n');
}

export async function runTerrain(context: TerrainContext): Promise<void> {
  const { root, resultsDirectory, log } = context;
  const runs = Number(process.env.BENCH_TERRAIN_RUNS ?? 7);
  if (!Number.isInteger(runs) || runs <= 0) throw new Error('BENCH_TERRAIN_RUNS must be a positive integer');
  const { directory, built } = consoleToMeasure(root, log, 'vigie-terrain-');
  const served: ServedRequest[] = [];
  const state = { signedIn: true, down: false, refused: [] as string[] };
  const app = fastify();
  // Socket byte counts around each request: Chromium does not reuse a connection before the
  // previous answer is complete (HTTP/1.1, no pipelining), so the difference is this answer.
  const startedAt = new WeakMap<object, number>();
  app.addHook('onRequest', async (request, reply) => {
    if (state.down) {
      state.refused.push(
        `${request.method} ${request.url} (${String(request.headers['sec-fetch-dest'] ?? '')})`,
      );
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    startedAt.set(request.raw, request.raw.socket.bytesWritten);
  });
  app.addHook('onResponse', async (request) => {
    const before = startedAt.get(request.raw);
    if (before === undefined) return;
    served.push({
      path: request.url.split('?')[0] ?? request.url,
      dest: String(request.headers['sec-fetch-dest'] ?? ''),
      bytes: request.raw.socket.bytesWritten - before,
    });
  });
  stubApi(app, state);
  await serveCurrent(app, directory, root);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const atStart = loadavg().map((value) => Math.round(value * 100) / 100);
    const result = await measure(browser, baseUrl, served, state, runs, log, LIGHT_ROUTE);
    // The console's own route, for comparison (react-admin's start-up and base chunk).
    const measuredConsole = await measure(browser, baseUrl, served, state, runs, log, ROUTE);
    const consoleRoute = {
      route: ROUTE,
      firstVisit: { ...measuredConsole.firstVisit },
      offline: { reload: measuredConsole.offline.reload, newTab: measuredConsole.offline.newTab },
    };
    const atEnd = loadavg().map((value) => Math.round(value * 100) / 100);
    const environment = machine();
    const report = {
      benchmark: 'terrain',
      date: new Date().toISOString(),
      environment: { ...environment, loadAverage: { atStart, atEnd } },
      profile: { ...PHONE, cpuSlowdown: CPU_SLOWDOWN },
      targets: TARGETS,
      runs,
      route: LIGHT_ROUTE,
      verdicts: verdicts(result),
      consoleRoute,
      wholeConsole: wholeConsole(directory, true).summary,
      vendor: vendorPackages(directory),
      result,
      method: METHOD,
    };
    writeFileSync(join(resultsDirectory, 'terrain.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(
      join(resultsDirectory, 'terrain.md'),
      markdown({
        ...report,
        loadAverage: report.environment.loadAverage,
        cpu: environment.cpu,
      }),
    );
    for (const [name, verdict] of Object.entries(report.verdicts))
      log(`terrain ${name}: ${verdict.measured} (${verdict.target}) — ${verdict.met ? 'met' : 'NOT MET'}`);
    log(`Results: ${join(resultsDirectory, 'terrain.md')}, terrain.json`);
  } finally {
    await browser.close();
    await app.close();
    if (built) rmSync(built, { recursive: true, force: true });
  }
}
