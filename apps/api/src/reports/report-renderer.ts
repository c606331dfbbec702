import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PdfRenderer } from '@vigie/reporting';
import { AppConfig } from '../config/app-config';

/**
 * The process's one PDF renderer (one Chromium, launched on the first job and reused). Closed when
 * the application shuts down, after the queue has stopped handing out jobs (`onModuleDestroy`
 * comes before every `onApplicationShutdown`).
 */
@Injectable()
export class ReportRenderer implements OnApplicationShutdown {
  readonly pdf: PdfRenderer;

  constructor(config: AppConfig) {
    this.pdf = new PdfRenderer({ executablePath: config.VIGIE_CHROMIUM_PATH });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pdf.close();
  }
}
