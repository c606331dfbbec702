import { Injectable } from '@nestjs/common';
import { can, formatParisDate, ROLES_SEEING_RESTRICTED } from '@vigie/domain';
import {
  type CaseDossierParams,
  caseMapFrame,
  caseMapSvg,
  formatNumber,
  type MapFrame,
} from '@vigie/reporting';
import type { Actor } from '../../../auth/actor';
import { LegalCasesRepository } from '../../../legal/cases/legal-cases.repository';
import { ReportComposerRepository } from '../report-composer.repository';
import {
  type CaseDossierFigures,
  type CaseDossierModel,
  caseDossierModel,
  linkedRecords,
  mapMarkers,
} from './case-dossier-model';
import { CaseDossierRepository } from './case-dossier.repository';

/** Where the report comes from: its id (null for a preview), for the verification page. */
export interface DossierContext {
  reportId: string | null;
}

/** The communes read around the map's frame: twice as far, so that the whole drawing is covered. */
function widened(frame: MapFrame): MapFrame {
  const dx = frame.maxX - frame.minX;
  const dy = frame.maxY - frame.minY;
  return { minX: frame.minX - dx, minY: frame.minY - dy, maxX: frame.maxX + dx, maxY: frame.maxY + dy };
}

/**
 * Builds the dossier of one legal case (DESIGN §6): the case, its chronology and deadlines, the act
 * with its perimeter on a map, the linked observations and incidents, the exhibits with their
 * SHA-256 and chain of custody, and the audit trail's head. It reads as the requester with their
 * role as it is now: a requester who may no longer read case details gets no dossier, and
 * restricted text is printed only when asked for and still readable by them.
 */
@Injectable()
export class CaseDossierComposer {
  constructor(
    private readonly cases: LegalCasesRepository,
    private readonly repository: CaseDossierRepository,
    private readonly reports: ReportComposerRepository,
  ) {}

  async model(
    params: CaseDossierParams,
    actor: Actor,
    context: DossierContext,
    t: (key: string) => string,
  ): Promise<{ model: CaseDossierModel; figures: CaseDossierFigures }> {
    if (!can(actor.role, 'reports.caseDossier') || !can(actor.role, 'legalCases.readDetails')) {
      throw new Error(
        `the requester's role (${actor.role}) may no longer read the details of legal cases: no dossier is printed`,
      );
    }
    const legalCase = await this.cases.findOne(params.caseId, 'full');
    if (!legalCase) throw new Error(`legal case ${params.caseId} not found`);
    if (legalCase.deletedAt)
      throw new Error(`legal case ${legalCase.reference} is deleted; restore it first`);
    const includeRestricted = params.includeRestricted && ROLES_SEEING_RESTRICTED.includes(actor.role);

    const [events, deadlines, observations, incidents, exhibits, perimeter, demo] = await Promise.all([
      this.repository.events(params.caseId),
      this.repository.deadlines(params.caseId),
      this.repository.observations(params.caseId),
      this.repository.incidents(params.caseId, includeRestricted),
      this.repository.exhibits(params.caseId),
      this.repository.perimeter(params.caseId),
      this.reports.isDemoData(),
    ]);
    const linked = linkedRecords({ observations, incidents, exhibits, includeRestricted });
    const markers = mapMarkers(linked);
    const frame = caseMapFrame(perimeter, markers);
    const communes = frame ? await this.repository.communesAround(widened(frame)) : [];
    const map = caseMapSvg(
      communes.map((commune) => ({ ...commune, highlighted: false })),
      perimeter,
      markers,
      {
        width: 640,
        height: 420,
        legend: {
          perimeter: t('dossier.map.perimeter'),
          observation: t('dossier.map.observation'),
          incident: t('dossier.map.incident'),
        },
        formatDistance: (metres) =>
          metres < 1000
            ? `${formatNumber(metres, params.lang)} m`
            : `${formatNumber(metres / 1000, params.lang)} km`,
      },
    );
    const generatedAt = new Date();
    // Last, so that the head is the trail as it stands when the dossier is printed.
    const auditHead = await this.repository.auditHead();
    return caseDossierModel(
      {
        params,
        includeRestricted,
        generatedAt: generatedAt.toISOString(),
        generatedBy: actor.name,
        reportId: context.reportId,
        today: formatParisDate(generatedAt),
        demo,
        legalCase,
        events,
        deadlines,
        observations,
        incidents,
        exhibits,
        auditHead,
      },
      linked,
      map,
    );
  }
}
