import { accessSync, constants } from 'node:fs';
import puppeteer, { type Browser, type BrowserContext, type HTTPRequest, type Page } from 'puppeteer-core';
import { describeError } from '../../../db/describe-error.mts';
import { decideSandbox, probeSandboxHost } from './chromium-sandbox';
import { type StageTimings, timed } from './stage-timings';

export interface PdfRendererOptions {
  /** The system Chromium (`VIGIE_CHROMIUM_PATH`, default `/usr/bin/chromium`). */
  executablePath: string;
  /** Limit for loading the HTML and for printing it, each. */
  timeoutMs?: number;
  /**
   * Run Chromium in its sandbox. Default: wherever this host allows it (`decideSandbox('auto')`);
   * the server passes its own decision, having said why when it is false.
   */
  sandbox?: boolean;
}

/**
 * Chromium did not start: says which executable was tried, why, and what to do — the message an
 * operator reads in the server's output (issue 10 item 17).
 */
export class ChromiumLaunchError extends Error {
  /** Puppeteer's own error (not `cause`: the message already says it, on one line). */
  readonly launchError: unknown;

  constructor(executablePath: string, sandbox: boolean, launchError: unknown) {
    // Puppeteer's message spans lines (Chromium's stderr) and ends with a link: one line, ours.
    const reason = describeError(launchError)
      .replace(/\s*TROUBLESHOOTING:.*$/s, '')
      .replace(/\s+/g, ' ')
      .replace(/( stderr:)?[.\s]*$/, '');
    const missing = !isExecutable(executablePath);
    const advice = missing
      ? `There is no executable Chromium at ${executablePath}: install the Debian package "chromium" ` +
        '(apt-get install chromium; npm start does it when run as root) or set VIGIE_CHROMIUM_PATH to ' +
        'the Chromium executable.'
      : sandbox && /sandbox|namespace/i.test(reason)
        ? 'Its sandbox could not start on this host: run the server as a non-root user on a kernel that ' +
          'allows user namespaces, or set VIGIE_CHROMIUM_SANDBOX=off (less safe).'
        : 'Check that it runs (`' +
          executablePath +
          ' --headless --dump-dom about:blank`), install the Debian package "chromium" or set ' +
          'VIGIE_CHROMIUM_PATH to a working Chromium executable.';
    super(`Chromium could not start from ${executablePath}: ${reason}. ${advice}`);
    this.name = 'ChromiumLaunchError';
    this.launchError = launchError;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RenderedPdf {
  pdf: Buffer;
  pageCount: number;
}

const BROWSER_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

/**
 * A footer asked of the renderer (`<meta name="vigie-footer" content="…">`, already HTML-escaped),
 * printed with Chromium's footer template. The report templates print theirs in page-margin boxes
 * of their own CSS instead (reports-templates/shared/base.css), ~25 ms less per print: Chromium
 * lays out a footer template as a separate document for every page.
 */
const FOOTER_META = /<meta name="vigie-footer" content="([^"]*)"\s*\/?>/;

// Only inline content may load: a report page never reaches the network (DESIGN §6).
function isInline(url: string): boolean {
  return url.startsWith('data:') || url === 'about:blank';
}

function footerTemplate(html: string): string | null {
  const label = FOOTER_META.exec(html)?.[1];
  if (label === undefined) return null;
  return (
    "<div style=\"width:100%;font-family:'Noto Sans',sans-serif;font-size:8pt;color:#555;" +
    'padding:0 16mm;display:flex;justify-content:space-between">' +
    `<span>${label}</span>` +
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
  );
}

/** A page tree node of Chromium's PDF (Skia writes its dictionaries uncompressed). */
const PAGES_NODE = /\/Type\s*\/Pages\b([^>]*)>>/g;

/**
 * The number of pages of a PDF Chromium printed: the `/Count` of its page tree's root, read from
 * the bytes (~1 ms) rather than by parsing the whole document with pdf-lib (~30–100 ms for a
 * report). Anything unexpected — no root or more than one (text that merely looks like one) —
 * falls back to pdf-lib.
 */
export async function pageCountOf(pdf: Uint8Array): Promise<number> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const roots = [...text.matchAll(PAGES_NODE)]
    .map((match) => match[1] ?? '')
    .filter((dictionary) => !/\/Parent\b/.test(dictionary));
  const count = roots.length === 1 ? /\/Count\s+(\d+)\b/.exec(roots[0] as string)?.[1] : undefined;
  if (count !== undefined && Number(count) > 0) return Number(count);
  // pdf-lib (~20 MB) only for this rare case: the API does not load it at start.
  const { PDFDocument } = await import('pdf-lib');
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

/** A new browser context with one page, requests already filtered: what one job prints in. */
interface Sheet {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * Prints report HTML to A4 PDF on the system Chromium. One browser per process, launched on the
 * first job and reused (a launch costs ~0.6 s, a print ~0.1 s); each job prints in a fresh browser
 * context (no cookies, cache or storage shared between jobs), closed in `finally`. Opening a context
 * and its page costs ~200 ms on two cores, so the next one is prepared once a job is done and kept
 * ready — never used twice. When the browser dies, the next job — or the current one, once —
 * launches a new one.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private spare: Promise<Sheet | null> | null = null;
  private spareContext: BrowserContext | null = null;
  private launches = 0;
  private blockedRequests = 0;

  constructor(private readonly options: PdfRendererOptions) {}

  /** `timings`, when given, receives the time of each step (page, load, fonts, print, page count). */
  async render(
    html: string,
    onProgress?: (percent: number) => void,
    timings?: StageTimings,
  ): Promise<RenderedPdf> {
    try {
      return await this.renderOnce(html, onProgress, timings);
    } catch (error) {
      const browser = await this.browser?.catch(() => null);
      if (browser && browser.connected) throw error;
      // The browser crashed under this job: one more try on a new one.
      this.browser = null;
      return this.renderOnce(html, onProgress, timings);
    }
  }

  /** Launches the browser and prepares a page now, so that the first job does not wait (~1 s). */
  async warmUp(): Promise<void> {
    this.prepareSpare(await this.currentBrowser());
    await this.spare;
  }

  /** Closes the browser (on shutdown); a later render launches a new one. */
  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = null;
    this.spare = null;
    this.spareContext = null;
    const browser = await pending?.catch(() => null);
    await browser?.close().catch(() => undefined);
  }

  /** For tests and the benchmark: browser launches, requests refused. */
  stats(): { launches: number; blockedRequests: number } {
    return { launches: this.launches, blockedRequests: this.blockedRequests };
  }

  async browserProcessId(): Promise<number | undefined> {
    const browser = await this.browser?.catch(() => null);
    return browser?.process()?.pid;
  }

  /** Browser contexts open besides the default one and the one kept ready (0 between jobs). */
  async openContexts(): Promise<number> {
    const browser = await this.browser?.catch(() => null);
    if (!browser) return 0;
    await this.spare;
    return browser
      .browserContexts()
      .filter((context) => context !== browser.defaultBrowserContext() && context !== this.spareContext)
      .length;
  }

  private async renderOnce(
    html: string,
    onProgress?: (percent: number) => void,
    timings?: StageTimings,
  ): Promise<RenderedPdf> {
    const timeout = this.options.timeoutMs ?? 60_000;
    onProgress?.(5);
    const { browser, context, page } = await timed(timings, 'chromium: browser and page', async () =>
      this.takeSheet(await this.currentBrowser()),
    );
    try {
      onProgress?.(20);
      // Everything is inline, so 'load' is enough; 'networkidle0' would add 500 ms (DESIGN §8).
      await timed(timings, 'chromium: setContent', () =>
        page.setContent(html, { waitUntil: 'load', timeout }),
      );
      // A string: the API is compiled without the DOM library.
      await timed(timings, 'chromium: fonts ready', () =>
        page.evaluate('document.fonts.ready.then(() => undefined)'),
      );
      onProgress?.(50);
      const footer = footerTemplate(html);
      const pdf = await timed(timings, 'chromium: page.pdf()', () =>
        page.pdf({
          format: 'A4',
          preferCSSPageSize: true,
          printBackground: true,
          ...(footer === null
            ? { displayHeaderFooter: false }
            : { displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer }),
          timeout,
        }),
      );
      onProgress?.(90);
      const pageCount = await timed(timings, 'page count', () => pageCountOf(pdf));
      onProgress?.(100);
      return { pdf: Buffer.from(pdf), pageCount };
    } finally {
      await context.close().catch(() => undefined);
      this.prepareSpare(browser);
    }
  }

  /** The prepared sheet when it belongs to this browser and is intact, else a new one. */
  private async takeSheet(browser: Browser): Promise<Sheet> {
    const spare = this.spare;
    this.spare = null;
    this.spareContext = null;
    const ready = await spare?.catch(() => null);
    if (ready && ready.browser === browser && !ready.page.isClosed()) return ready;
    await ready?.context.close().catch(() => undefined);
    return this.openSheet(browser);
  }

  private prepareSpare(browser: Browser): void {
    if (this.spare || !browser.connected) return;
    // Whoever takes the promise owns the sheet (and closes it); this only notes its context.
    const spare: Promise<Sheet | null> = this.openSheet(browser).then(
      (sheet) => {
        if (this.spare === spare) this.spareContext = sheet.context;
        return sheet;
      },
      () => null,
    );
    this.spare = spare;
  }

  private async openSheet(browser: Browser): Promise<Sheet> {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => {
        if (isInline(request.url())) {
          void request.continue();
        } else {
          this.blockedRequests += 1;
          void request.abort('blockedbyclient');
        }
      });
      return { browser, context, page };
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  private async currentBrowser(): Promise<Browser> {
    const pending = this.browser;
    if (pending) {
      const browser = await pending.catch(() => null);
      if (browser?.connected) return browser;
      // Another job may have started a new browser meanwhile: share it.
      if (this.browser !== pending) return this.currentBrowser();
    }
    this.browser = this.launch();
    return this.browser;
  }

  private async launch(): Promise<Browser> {
    this.launches += 1;
    const sandbox = this.options.sandbox ?? decideSandbox('auto', probeSandboxHost()).sandbox;
    const browser = await puppeteer
      .launch({
        executablePath: this.options.executablePath,
        headless: true,
        args: [...(sandbox ? [] : ['--no-sandbox']), ...BROWSER_ARGS],
      })
      .catch((error: unknown) => {
        throw new ChromiumLaunchError(this.options.executablePath, sandbox, error);
      });
    browser.on('disconnected', () => {
      void this.forget(browser);
    });
    return browser;
  }

  private async forget(browser: Browser): Promise<void> {
    const current = await this.browser?.catch(() => null);
    if (current === browser) {
      this.browser = null;
      this.spare = null;
      this.spareContext = null;
    }
  }
}
