/**
 * `BENCH_ONLY=console-weight npm run bench`: the console's bytes on the wire (issue 13 item 6).
 * See bench/README.md "Console weight". No database: the console is served the way `createApp`
 * serves it (the compiled `serveConsole` and `@fastify/compress` settings), the API is stubbed, and
 * Chromium counts what crosses the network on a first visit of each route.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastify, { type FastifyInstance } from 'fastify';
import puppeteer, { type Page } from 'puppeteer-core';
import { chromiumExecutablePath } from '../../db/provision/index.mts';
import { machine } from './report.mts';

export interface ConsoleWeightContext {
  root: string;
  resultsDirectory: string;
  log: (message: string) => void;
}

/** A first visit: the hash route, signed in (as an observer, the field role) or not. */
interface Visit {
  route: string;
  signedIn: boolean;
}

interface VisitWeight extends Visit {
  requests: number;
  /** What Chromium received for the console's files (headers included), API calls left out. */
  wireBytes: number;
  /** The same files uncompressed. */
  decodedBytes: number;
  files: string[];
  /** Each file of the visit, largest on the wire first. */
  perFile: FileWeight[];
}

export interface FileWeight {
  path: string;
  wireBytes: number;
  decodedBytes: number;
}

interface BuildWeight {
  label: string;
  directory: string;
  serving: string;
  /** Every file of the build (source maps aside) as the server sends it to a brotli client. */
  wholeConsole: { files: number; wireBytes: number; rawBytes: number };
  largestScripts: { file: string; rawBytes: number; wireBytes: number }[];
  visits: VisitWeight[];
}

/** `BENCH_CONSOLE_ROUTES`: comma-separated; `-` before a route visits it signed out. */
export function parseVisits(raw: string | undefined): Visit[] {
  const list = raw && raw.trim() !== '' ? raw : '-#/login,#/observations';
  return list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) =>
      item.startsWith('-') ? { route: item.slice(1), signedIn: false } : { route: item, signedIn: true },
    );
}

const OBSERVER = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'observer@vigie.local',
  name: 'Observatrice',
  role: 'observer',
  totpEnabled: false,
  totpEnrollmentRequired: false,
};

/** Answers the console's API calls with empty data: only the console's own files are measured. */
export function stubApi(app: FastifyInstance, state: { signedIn: boolean }): void {
  app.get('/api/auth/me', async (_request, reply) =>
    state.signedIn ? OBSERVER : reply.status(401).send({ statusCode: 401, message: 'Unauthorized' }),
  );
  app.get('/api/*', async (_request, reply) => reply.header('x-total-count', '0').send([]));
}

/** How the console was served before issue 13: `@fastify/static` defaults, nothing compressed. */
async function serveLegacy(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.get('/*', (_request, reply) => void reply.sendFile('index.html'));
}

export async function serveCurrent(app: FastifyInstance, root: string, projectRoot: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const compiled = (path: string) => require(join(projectRoot, 'dist/apps/api/src/common', path));
  const { COMPRESSION_OPTIONS, excludeFromCompression } = compiled('compression.js');
  const { serveConsole } = compiled('console-files.js');
  excludeFromCompression(app);
  await app.register(require('@fastify/compress'), COMPRESSION_OPTIONS);
  await serveConsole(app, root);
}

function filesOf(directory: string): string[] {
  return readdirSync(directory, { recursive: true })
    .map((name) => join(directory, String(name)))
    .filter((path) => statSync(path).isFile() && !/\.(?:map|br|gz)$/.test(path));
}

export function wholeConsole(directory: string, precompressed: boolean) {
  let wireBytes = 0;
  let rawBytes = 0;
  const scripts: BuildWeight['largestScripts'] = [];
  const files = filesOf(directory);
  for (const file of files) {
    const raw = statSync(file).size;
    const wire = precompressed && existsSync(`${file}.br`) ? statSync(`${file}.br`).size : raw;
    rawBytes += raw;
    wireBytes += wire;
    if (file.endsWith('.js'))
      scripts.push({ file: relative(directory, file), rawBytes: raw, wireBytes: wire });
  }
  scripts.sort((a, b) => b.wireBytes - a.wireBytes);
  return { summary: { files: files.length, wireBytes, rawBytes }, largestScripts: scripts.slice(0, 8) };
}

/** Bytes CDP saw for each request of a page, by request id (see `recordWire`). */
export interface WireLog {
  urls: Map<string, string>;
  sizes: Map<string, { wire: number; decoded: number }>;
}

/** Starts counting a page's requests: the page's own, not its service worker's. */
export async function recordWire(page: Page): Promise<WireLog> {
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const log: WireLog = { urls: new Map(), sizes: new Map() };
  cdp.on('Network.responseReceived', (event) => log.urls.set(event.requestId, event.response.url));
  cdp.on('Network.dataReceived', (event) => {
    const size = log.sizes.get(event.requestId) ?? { wire: 0, decoded: 0 };
    size.decoded += event.dataLength;
    log.sizes.set(event.requestId, size);
  });
  cdp.on('Network.loadingFinished', (event) => {
    const size = log.sizes.get(event.requestId) ?? { wire: 0, decoded: 0 };
    size.wire = event.encodedDataLength;
    log.sizes.set(event.requestId, size);
  });
  return log;
}

/** The console's own files in a wire log (API calls and other origins left out), largest first. */
export function consoleFiles(log: WireLog, baseUrl: string): FileWeight[] {
  const files: FileWeight[] = [];
  for (const [id, url] of log.urls) {
    const path = new URL(url).pathname;
    if (path.startsWith('/api/') || !url.startsWith(baseUrl)) continue;
    files.push({
      path,
      wireBytes: log.sizes.get(id)?.wire ?? 0,
      decodedBytes: log.sizes.get(id)?.decoded ?? 0,
    });
  }
  return files.sort((a, b) => b.wireBytes - a.wireBytes || a.path.localeCompare(b.path));
}

/** The way every benchmark of the console launches Chromium. */
export function launchChromium() {
  return puppeteer.launch({
    executablePath: chromiumExecutablePath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

async function measureVisits(baseUrl: string, visits: Visit[], state: { signedIn: boolean }) {
  const browser = await launchChromium();
  const results: VisitWeight[] = [];
  try {
    for (const visit of visits) {
      state.signedIn = visit.signedIn;
      // A fresh profile per visit: nothing cached, no service worker yet.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const wire = await recordWire(page);
      await page.goto(`${baseUrl}/${visit.route}`, { waitUntil: 'networkidle0', timeout: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const perFile = consoleFiles(wire, baseUrl);
      results.push({
        ...visit,
        requests: perFile.length,
        wireBytes: sum(perFile.map((file) => file.wireBytes)),
        decodedBytes: sum(perFile.map((file) => file.decodedBytes)),
        files: perFile.map((file) => file.path).sort(),
        perFile,
      });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function measureBuild(
  label: string,
  directory: string,
  legacy: boolean,
  projectRoot: string,
  visits: Visit[],
): Promise<BuildWeight> {
  const state = { signedIn: false };
  const app = fastify();
  stubApi(app, state);
  if (legacy) await serveLegacy(app, directory);
  else await serveCurrent(app, directory, projectRoot);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const whole = wholeConsole(directory, !legacy);
    return {
      label,
      directory,
      serving: legacy
        ? '@fastify/static defaults, no compression (as before issue 13)'
        : 'serveConsole + @fastify/compress, as createApp',
      wholeConsole: whole.summary,
      largestScripts: whole.largestScripts,
      visits: await measureVisits(baseUrl, visits, state),
    };
  } finally {
    await app.close();
  }
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function markdown(report: { date: string; builds: BuildWeight[]; method: string[] }): string {
  const lines = [
    '# Console weight: bytes on the wire',
    '',
    `Run ${report.date} (\`BENCH_ONLY=console-weight npm run bench\`).`,
    '',
    '| build | visit | requests | on the wire | uncompressed |',
    '| ----- | ----- | -------: | ----------: | -----------: |',
  ];
  for (const build of report.builds) {
    for (const visit of build.visits) {
      lines.push(
        `| ${build.label} | \`${visit.route}\`${visit.signedIn ? ' (signed in)' : ' (signed out)'} | ${visit.requests} | ${kb(visit.wireBytes)} | ${kb(visit.decodedBytes)} |`,
      );
    }
    lines.push(
      `| ${build.label} | whole console (${build.wholeConsole.files} files) | – | ${kb(build.wholeConsole.wireBytes)} | ${kb(build.wholeConsole.rawBytes)} |`,
    );
  }
  for (const build of report.builds) {
    lines.push('', `## ${build.label}`, '', `Served: ${build.serving}.`, '', 'Largest scripts:', '');
    lines.push('| file | size | on the wire |', '| ---- | ---: | ----------: |');
    for (const script of build.largestScripts) {
      lines.push(`| \`${script.file}\` | ${kb(script.rawBytes)} | ${kb(script.wireBytes)} |`);
    }
    for (const visit of build.visits) {
      lines.push('', `Files of \`${visit.route}\`: ${visit.files.map((file) => `\`${file}\``).join(', ')}`);
    }
  }
  lines.push('', '## Method', '', ...report.method.map((line) => `- ${line}`), '');
  return lines.join('\n');
}

const METHOD = [
  'The console is built with `vite build` into a temporary directory (or `BENCH_CONSOLE_DIR`), and served on 127.0.0.1 by fastify: for the current build with the compiled `serveConsole` and `@fastify/compress` settings that `createApp` uses (precompressed `.br`/`.gz`); for the build before issue 13 (`BENCH_CONSOLE_BEFORE`, a directory built from the earlier sources) with `@fastify/static` defaults and no compression, as it was served then. `/api/*` is stubbed: `/api/auth/me` answers an observer for signed-in visits and 401 otherwise, any other call an empty list.',
  'Each visit opens a fresh Chromium context (empty cache, no service worker yet, cache disabled), goes to the route and waits for the network to be idle for 500 ms, then 500 ms more. "On the wire" is the sum of CDP `Network.loadingFinished.encodedDataLength` (compressed body and response headers) of every request to the console\'s own files, API calls left out; "uncompressed" the sum of `Network.dataReceived.dataLength`. Chromium sends `Accept-Encoding: gzip, deflate, br, zstd`, so the brotli files are served.',
  'The service worker (when the build has one) installs in the background and precaches the console: its requests are not counted in a visit. "Whole console" is every file of the build but source maps, as a brotli client receives it (the `.br` file when there is one): what a full precache costs.',
  'Routes: `BENCH_CONSOLE_ROUTES`, comma-separated, e.g. `-#/login,#/observations,#/terrain` (a leading `-` visits signed out).',
];

/**
 * The console to measure: `BENCH_CONSOLE_DIR`, or a fresh `vite build` into a temporary directory
 * (`built` then names it, for the caller to remove).
 */
export function consoleToMeasure(
  root: string,
  log: (message: string) => void,
  prefix: string,
): { directory: string; built: string | null } {
  const given = process.env.BENCH_CONSOLE_DIR ?? '';
  if (given !== '') return { directory: given, built: null };
  const built = mkdtempSync(join(tmpdir(), prefix));
  log(`building the console into ${built}…`);
  execFileSync(
    join(root, 'node_modules/.bin/vite'),
    [
      'build',
      '--config',
      'apps/console/vite.config.ts',
      '--outDir',
      built,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
      // What `npm start` builds, whatever the caller's environment (NODE_ENV=test ships React's
      // development code).
      env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  return { directory: built, built };
}

export async function runConsoleWeight(context: ConsoleWeightContext): Promise<void> {
  const { root, resultsDirectory, log } = context;
  const visits = parseVisits(process.env.BENCH_CONSOLE_ROUTES);
  const { directory: current, built } = consoleToMeasure(root, log, 'vigie-console-weight-');
  try {
    const builds: BuildWeight[] = [];
    const before = process.env.BENCH_CONSOLE_BEFORE;
    if (before) {
      log(`console-weight: measuring the earlier build in ${before}…`);
      builds.push(await measureBuild('before', before, true, root, visits));
    }
    log(`console-weight: measuring ${visits.map((visit) => visit.route).join(', ')}…`);
    builds.push(await measureBuild('after', current, false, root, visits));
    const report = {
      benchmark: 'console-weight',
      date: new Date().toISOString(),
      environment: machine(),
      builds,
      method: METHOD,
    };
    const json = join(resultsDirectory, 'console-weight.json');
    const md = join(resultsDirectory, 'console-weight.md');
    writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(md, markdown(report));
    for (const build of builds) {
      for (const visit of build.visits)
        log(`${build.label} ${visit.route}: ${kb(visit.wireBytes)} on the wire`);
      log(`${build.label} whole console: ${kb(build.wholeConsole.wireBytes)}`);
    }
    log(`Results: ${md}, ${json}`);
  } finally {
    if (built) rmSync(built, { recursive: true, force: true });
  }
}
