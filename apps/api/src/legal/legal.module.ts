import { Module } from '@nestjs/common';
import { ObservationsModule } from '../observations/observations.module';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarRepository } from './calendar/calendar.repository';
import { CalendarService } from './calendar/calendar.service';
import { LegalCasesController } from './cases/legal-cases.controller';
import { LegalCasesRepository } from './cases/legal-cases.repository';
import { LegalCasesService } from './cases/legal-cases.service';
import { DeadlineSync } from './deadlines/deadline-sync';
import { LegalDeadlinesController } from './deadlines/legal-deadlines.controller';
import { LegalDeadlinesRepository } from './deadlines/legal-deadlines.repository';
import { LegalDeadlinesService } from './deadlines/legal-deadlines.service';
import { LegalEventsController } from './events/legal-events.controller';
import { LegalEventsRepository } from './events/legal-events.repository';
import { LegalEventsService } from './events/legal-events.service';
import { LegalEvidenceController } from './evidence/legal-evidence.controller';
import { LegalEvidenceRepository } from './evidence/legal-evidence.repository';
import { LegalEvidenceService } from './evidence/legal-evidence.service';
import { LegalRulesController } from './rules/legal-rules.controller';
import { LegalRulesRepository } from './rules/legal-rules.repository';
import { LegalRulesService } from './rules/legal-rules.service';

/**
 * The legal side (DESIGN §3 Legal case): cases and their challenged acts, chronology, deadlines
 * (computed by the rules of `@vigie/domain/legal` or added by hand), evidence links, the rules and
 * their confirmation, and calendar feeds. One use case per folder.
 */
@Module({
  imports: [ObservationsModule],
  controllers: [
    LegalCasesController,
    LegalEventsController,
    LegalDeadlinesController,
    LegalEvidenceController,
    LegalRulesController,
    CalendarController,
  ],
  providers: [
    LegalCasesService,
    LegalCasesRepository,
    LegalEventsService,
    LegalEventsRepository,
    LegalDeadlinesService,
    LegalDeadlinesRepository,
    DeadlineSync,
    LegalEvidenceService,
    LegalEvidenceRepository,
    LegalRulesService,
    LegalRulesRepository,
    CalendarService,
    CalendarRepository,
  ],
  exports: [LegalCasesRepository],
})
export class LegalModule {}
