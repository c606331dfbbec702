import 'reflect-metadata';
import { describeError } from '../../../db/describe-error.mts';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { ReportRenderer } from './reports/report-renderer';
import { startupFailureMessage } from './startup-failure';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  const shownHost = config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
  console.log(`Vigie is running at http://${shownHost}:${config.PORT} (API docs: /api/docs)`);
  // The first report should not wait for Chromium to start (~1–2 s): launch it now, in the
  // background. Tests build the app without this, so they start no browser they do not use.
  if (config.VIGIE_REPORT_WORKER) {
    app
      .get(ReportRenderer)
      .pdf.warmUp()
      .catch((error: unknown) => {
        // ChromiumLaunchError says which executable was tried and what to do.
        console.error(`Reports will fail until Chromium can start. ${describeError(error)}`);
      });
  }
}

bootstrap().catch((error: unknown) => {
  console.error(startupFailureMessage(error));
  process.exit(1);
});
