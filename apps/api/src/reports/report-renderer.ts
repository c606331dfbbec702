import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { decideSandbox, PdfRenderer, probeSandboxHost } from '@vigie/reporting';
import { AppConfig } from '../config/app-config';

/**
 * The process's one PDF renderer (one Chromium, launched on the first job and reused). Closed when
 * the application shuts down, after the queue has stopped handing out jobs (`onModuleDestroy`
 * comes before every `onApplicationShutdown`). Chromium runs in its sandbox wherever the host
 * allows it; where it cannot, this process says why once, at start.
 */
@Injectable()
export class ReportRenderer implements OnApplicationShutdown {
  readonly pdf: PdfRenderer;

  constructor(config: AppConfig) {
    const { sandbox, warning } = decideSandbox(config.VIGIE_CHROMIUM_SANDBOX, probeSandboxHost());
    if (warning && config.VIGIE_REPORT_WORKER) new Logger(ReportRenderer.name).warn(warning);
    this.pdf = new PdfRenderer({ executablePath: config.VIGIE_CHROMIUM_PATH, sandbox });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pdf.close();
  }
}
